/**
 * Bahasa Indonesia: the first language, and the one that decides which
 * sentences exist (see catalog.ts). Sections follow the parts of the product.
 * Functions take the facts a sentence needs; formatting of money and time is
 * done by the domain's formatters so every language shows `Rp150.000` alike.
 */
import { formatRupiah } from '../domain/money.ts';

export const id = {
  /** Words several parts share. */
  common: {
    /** Labels of facts, and the pay button. */
    item: 'Barang',
    amount: 'Jumlah',
    pay: 'Bayar',
    /**
     * Heads every notice, receipt and page while the built-in simulator plays
     * Midtrans, so nobody hands over goods for a payment that moved no money.
     */
    simulated: 'SIMULASI — tidak ada uang masuk',
  },

  /** Rules of the domain: prices, expiries, items, links, customers. Values are quoted as typed (already shortened). */
  rules: {
    priceInvalid: (shown: string, examples: string) => `Harga "${shown}" tidak dikenali. Tulis angka rupiah, misalnya ${examples}.`,
    priceFractional: (shown: string) => `Harga "${shown}" memuat sen. Rupiah ditulis bulat, misalnya 150000.`,
    priceTooLow: (shown: string, min: number) => `Harga "${shown}" terlalu kecil. Minimal ${formatRupiah(min)}.`,
    priceTooHigh: (shown: string, max: number) => `Harga "${shown}" terlalu besar. Maksimal ${formatRupiah(max)}.`,
    expiryInvalid: (shown: string) => `Masa berlaku "${shown}" tidak dikenali. Contoh: 2026-12-31, 31/12, 3d, 12h, 7 hari.`,
    expiryInPast: (shown: string) => `Masa berlaku "${shown}" sudah lewat. Pilih hari ini atau tanggal sesudahnya.`,
    expiryTooFar: (shown: string) => `Masa berlaku "${shown}" terlalu jauh. Maksimal satu tahun dari sekarang.`,
    /** An expiry given as a moment (not typed) that is not ahead, or too far ahead. */
    expiryOutOfRange: 'Masa berlaku harus di masa depan, paling lama satu tahun.',
    orderIdTaken: (orderId: string) => `Order ID "${orderId}" sudah dipakai link lain. Pilih ID lain, atau hapus opsi id agar dibuat otomatis.`,
    slugTaken: (slug: string) => `Payment Link ID "${slug}" sudah dipakai. Pilih yang lain, atau hapus opsi slug agar dibuat acak.`,
    linkNotFound: (ref: string) => `Link "${ref}" tidak ditemukan. Lihat daftar link Anda dengan /links.`,
    itemNameInvalid: (max: number, length: number) => `Nama barang harus 1–${max} karakter (sekarang ${length}). Contoh: Kaos Polos Hitam.`,
    usageLimitInvalid: (max: number) => `Batas pemakaian harus angka bulat 1–${max.toLocaleString('id-ID')}, atau "bebas" untuk tanpa batas.`,
    orderIdInvalid: (shown: string, max: number) => `Order ID "${shown}" tidak valid: 1–${max} karakter huruf, angka, - _ . ~ saja. Contoh: INV-001.`,
    slugInvalid: (shown: string, min: number, max: number) =>
      `Payment Link ID "${shown}" tidak valid: ${min}–${max} karakter huruf kecil, angka dan - saja. Contoh: kaos-hitam.`,
    /** A customer's field, as the subject of a sentence. */
    field: { name: 'Nama', phone: 'Nomor telepon', email: 'Alamat email' },
    controlCharacter: (field: string) =>
      `${field} berisi karakter kontrol yang tak terlihat (misalnya tab, baris baru atau ESC). Ketik ulang tanpa menempel teks.`,
    phoneInvalid: (shown: string) => `Nomor telepon "${shown}" tidak valid. Contoh: 081234567890 atau +6281234567890.`,
    emailInvalid: (shown: string) => `Alamat email "${shown}" tidak valid. Contoh: budi@mail.com.`,
    customerNameInvalid: (max: number) => `Nama pelanggan harus 1–${max} karakter.`,
  },

  /** Paying a link: why a customer cannot pay now, and reviews of held card payments. */
  payments: {
    /** Each reason is followed by `askSeller`. */
    linkUnavailable: {
      expired: 'Link pembayaran ini sudah kedaluwarsa.',
      sold_out: 'Link pembayaran ini sudah mencapai batas pemakaian.',
      deleted: 'Link pembayaran ini sudah tidak tersedia.',
      unknown: 'Link pembayaran ini tidak ditemukan.',
    },
    askSeller: 'Hubungi penjual untuk link baru.',
    startFailed: 'Layanan pembayaran sedang sibuk. Tidak ada dana yang ditarik. Silakan coba lagi.',
    tooManyCheckouts: (time: string) => `Masih ada beberapa pembayaran Anda yang belum selesai. Selesaikan salah satunya, atau coba lagi setelah ${time}.`,
    ownCheckoutOpen: (time: string) => `Anda sudah memulai pembayaran untuk link ini. Lanjutkan pembayaran itu, atau tunggu sampai ${time} untuk memulai yang baru.`,
    checkoutInProgress: (time: string) => `Ada pembayaran untuk link ini yang sedang berjalan dari jaringan atau perangkat Anda. Coba lagi setelah ${time}.`,
    receiptRefFailed: 'Referensi bukti pembayaran tidak dapat dibuat. Coba lagi.',
    orderNotFound: (orderId: string) => `Order "${orderId}" tidak ditemukan. Lihat order sebuah link dengan /link <nomor>.`,
    reviewNotPending: (orderId: string) => `Order ${orderId} tidak sedang menunggu pemeriksaan, jadi tidak ada yang perlu disetujui atau ditolak.`,
  },

  /** Midtrans's answers (or silence), and requests tagih refuses to send it. */
  midtrans: {
    timeout: 'Midtrans tidak menjawab tepat waktu. Coba lagi sebentar lagi.',
    unreachable: 'Midtrans tidak dapat dihubungi. Periksa koneksi internet server, lalu coba lagi.',
    unauthorized: 'Midtrans menolak kunci server. Periksa MIDTRANS_SERVER_KEY dan MIDTRANS_ENV.',
    notFound: 'Midtrans tidak mengenal transaksi ini.',
    unavailable: 'Midtrans sedang bermasalah. Coba lagi sebentar lagi.',
    rejected: 'Midtrans menolak permintaan ini.',
    rejectedSaying: (said: string) => `Midtrans menolak permintaan ini: ${said}`,
    statusUntrusted: (orderId: string, reason: string) => `Jawaban Get Status Midtrans untuk ${orderId} tidak dapat dipercaya (${reason}).`,
    sandboxKeyInProduction:
      'MIDTRANS_SERVER_KEY adalah kunci sandbox (diawali "SB-Mid-"), tetapi MIDTRANS_ENV=production. Pakai kunci production dari dashboard Midtrans, atau set MIDTRANS_ENV=sandbox.',
    productionKeyInSandbox:
      'MIDTRANS_SERVER_KEY bukan kunci sandbox (tidak diawali "SB-Mid-"), tetapi MIDTRANS_ENV=sandbox. Pakai kunci sandbox, atau set MIDTRANS_ENV=production.',
    orderIdInvalid: 'Order ID kosong atau tidak valid.',
    timeoutInvalid: 'Batas waktu panggilan Midtrans harus lebih dari 0 ms.',
    windowInvalid: 'Batas waktu pembayaran harus sesudah waktu mulai.',
    amountMismatch: 'Jumlah pembayaran tidak sama dengan harga barang dikali jumlahnya.',
  },

  /** The database. */
  store: {
    unavailable: 'Penyimpanan data sedang tidak tersedia. Coba lagi sebentar lagi.',
    mongoReplicaSetUninitiated:
      'MongoDB di MONGODB_URI dijalankan dengan --replSet, tetapi replica set-nya belum diaktifkan. Jalankan sekali `rs.initiate()` di mongosh, lalu mulai tagih lagi.',
    mongoStandalone:
      'MongoDB di MONGODB_URI adalah server tunggal (standalone), padahal tagih memerlukan transaksi, yang hanya ada di replica set. Pakai cluster MongoDB Atlas (setiap cluster adalah replica set), atau jalankan mongod dengan `mongod --replSet rs0` lalu sekali `rs.initiate()` di mongosh. Tanpa MONGODB_URI, tagih memakai SQLite bawaan.',
  },

  /** A bad environment variable: `invalid` names it, the rest say what it accepts. */
  config: {
    invalid: (variable: string, value: string | null, allowed: string) => `Variabel ${variable} tidak valid${value ? ` (isinya ${value})` : ''}: ${allowed}.`,
    wholeNumber: (min: number, max: number) => `bilangan bulat dari ${min} sampai ${max}`,
    oneOf: (allowed: readonly string[]) => `salah satu dari ${allowed.join(', ')}`,
    boolean: 'true atau false',
    url: (schemes: readonly string[]) => `URL yang diawali ${schemes.join(' atau ')}`,
    trustProxy:
      'off, jumlah proxy di depan tagih (1 sampai 10), atau alamat dan subnet-nya, dipisah koma ' +
      '(mis. 127.0.0.1, 10.0.0.0/8, loopback, uniquelocal); bukan true, yang membiarkan klien mana pun memilih alamatnya sendiri',
    webhookSecret: 'wajib di mode webhook: 1-256 karakter A-Z a-z 0-9 _ -',
    telegramIds: 'id pengguna Telegram berupa angka, dipisah koma',
    mailFrom: 'wajib bersama SMTP_URL, misalnya "Toko Budi <toko@example.com>"',
    phones: 'nomor telepon dipisah koma, misalnya 6281234567890',
    webVersion: 'tiga angka dipisah koma, misalnya 2,3000,1027934701',
    simulatorWithKey: 'true hanya tanpa MIDTRANS_SERVER_KEY; hapus salah satunya',
    keyForRealMidtrans: 'wajib diisi karena MIDTRANS_SIMULATOR=false',
    keyForPublicUrl: (host: string) =>
      `wajib diisi karena PUBLIC_URL (${host}) terbuka ke internet; tanpa kunci semua pembayaran hanya simulasi. Untuk mencoba dengan simulator, set MIDTRANS_SIMULATOR=true`,
  },

  /** Starting and stopping tagih from a terminal. */
  startup: {
    couldNotStart: 'tagih tidak dapat mulai',
    stopping: 'Menghentikan tagih… (Ctrl-C sekali lagi untuk memaksa berhenti)',
    portInUse: (port: number, variable: string) =>
      `Port ${port} sudah dipakai program lain (mungkin tagih yang masih berjalan): hentikan program itu, atau set ${variable} ke port lain.`,
    portNeedsAdmin: (port: number, variable: string) => `Port ${port} hanya boleh dibuka administrator: set ${variable} ke 1024 atau lebih.`,
    hostNotHere: (host: string, variable: string) =>
      `Alamat ${host} bukan milik mesin ini: set ${variable} ke 127.0.0.1 (mesin ini saja) atau 0.0.0.0 (semua jaringan).`,
    dataDirUnwritable: (dir: string, code: string) =>
      `Folder data ${dir} tidak bisa ditulisi (${code}): periksa izin dan ruang disknya, atau set DATA_DIR ke folder lain.`,
  },

  /**
   * What the outbox delivers: the merchant's payment news, the customer's
   * receipt and the link a customer is sent. Labels are followed by `: value`.
   */
  notices: {
    orderId: 'Order ID',
    customer: 'Pembeli',
    contact: 'Kontak',
    method: 'Metode',
    usage: 'Pemakaian link',
    time: 'Waktu',
    seller: 'Penjual',
    price: 'Harga',
    payHere: 'Bayar di sini',
    validUntil: 'Berlaku sampai',
    /** Opens the link's details (`/link 3`). */
    detail: 'Detail',
    approve: 'Setujui',
    deny: 'Tolak',
    /** `3 (tanpa batas)` */
    unlimited: (paid: number) => `${paid} (tanpa batas)`,
    received: (received: number, price: number) => `Diterima: ${formatRupiah(received)} (berbeda dari harga ${formatRupiah(price)})`,
    receivedUnknown: (price: number) => `Diterima: jumlah tidak jelas (harga ${formatRupiah(price)})`,
    underpaid: (received: number, price: number) => `Diterima: ${formatRupiah(received)}, kurang dari harga ${formatRupiah(price)}`,
    /** `Rp10.000 dari Rp150.000 dikembalikan` */
    partlyBack: (back: number, price: number) => `${formatRupiah(back)} dari ${formatRupiah(price)} dikembalikan`,
    /** The link took more paid orders than its limit: Midtrans took the money anyway. */
    overLimit: (paid: number, limit: number) =>
      `⚠️ Link ini sekarang melewati batas pemakaiannya (${paid}/${limit}): Midtrans tetap menerima uangnya. Kirim barangnya, atau kembalikan dana lewat dashboard Midtrans.`,
    thanks: (name: string | null) => `✅ Terima kasih${name === null ? '' : `, ${name}`}! Pembayaran Anda sudah diterima.`,
    greeting: (name: string | null) => (name ? `Halo ${name},` : 'Halo,'),
    sentYou: (merchant: string) => `${merchant} mengirim link pembayaran untuk Anda.`,
    receiptSubject: (item: string) => `Pembayaran diterima: ${item}`,
    shareSubject: (merchant: string, item: string) => `Link pembayaran dari ${merchant}: ${item}`,
    /** What happened to an order, as the merchant's headline. */
    eventTitle: {
      paid: 'Pembayaran diterima',
      paid_late: 'Pembayaran diterima untuk order yang sudah ditutup',
      expired: 'Order kedaluwarsa',
      cancelled: 'Order dibatalkan',
      failed: 'Pembayaran gagal',
      reversed: 'Pembayaran dibatalkan bank',
      voided: 'Pembayaran kartu dibatalkan',
      refunded: 'Dana dikembalikan',
      partially_refunded: 'Sebagian dana dikembalikan',
      charged_back: 'Chargeback',
      partially_charged_back: 'Chargeback sebagian',
      challenge: 'Pembayaran kartu perlu diperiksa',
      underpaid: 'Pembayaran kurang',
    },
    /** What it means for the merchant, where the title alone does not say. */
    eventNote: {
      paid_late: 'Order ini sudah ditandai kedaluwarsa, batal atau gagal, lalu Midtrans tetap menerima uangnya. Sekarang order ini LUNAS.',
      expired: 'Tidak dibayar. Slot link dilepas dan bisa dipakai pembeli lain.',
      cancelled: 'Tidak dibayar. Slot link dilepas.',
      failed: 'Pembayaran ditolak atau gagal, order tidak lunas. Slot link dilepas.',
      reversed: 'Bank membatalkan pembayaran setelah settlement: order ini TIDAK lunas lagi. Cek dashboard Midtrans sebelum mengirim barang.',
      voided: 'Tagihan kartu dibatalkan sebelum settlement: order ini TIDAK lunas lagi dan slot link dilepas. Jangan kirim barangnya.',
      refunded: 'Seluruh pembayaran order ini sudah dikembalikan (refund) ke pembeli; order tidak lunas lagi.',
      partially_refunded: 'Order ini tetap lunas; total link dihitung dari uang yang tersisa.',
      charged_back: 'Bank penerbit kartu menarik kembali seluruh pembayaran (chargeback): order ini TIDAK lunas lagi. Cek dashboard Midtrans.',
      partially_charged_back: 'Bank penerbit kartu menarik kembali sebagian pembayaran. Order ini tetap lunas. Cek dashboard Midtrans.',
      challenge: 'Midtrans menahan pembayaran ini untuk pemeriksaan penipuan. Setujui atau tolak; tanpa keputusan, Midtrans membatalkannya saat settlement.',
      underpaid: 'Uang yang diterima kurang dari harga, jadi order TIDAK ditandai lunas. Cek dashboard Midtrans.',
    },
    /** Payment methods whose name is not a brand. */
    creditCard: 'Kartu kredit',
    convenienceStore: 'Gerai retail',
  },

  /** The customer's pages: paying a link, coming back from Snap, the cards. */
  page: {
    /** Open Graph's `og:locale` (language_TERRITORY). */
    ogLocale: 'id_ID',
    /** This language, named in itself: the language switch on the other languages' pages. */
    languageName: 'Bahasa Indonesia',
    securedBy: 'Pembayaran diproses dengan aman oleh Midtrans.',
    payTo: 'Pembayaran kepada',
    validUntil: (when: string) => `Berlaku sampai ${when}`,
    slotsLeft: (left: number, limit: number) => `Tersisa ${left} dari ${limit}`,
    yourDetails: 'Data pembeli',
    billFor: 'Tagihan untuk',
    nameLabel: 'Nama lengkap',
    phoneLabel: 'Nomor HP',
    phoneHint: 'Contoh: 0812 3456 7890',
    emailLabel: 'Email',
    emailHint: 'Untuk bukti pembayaran',
    payButton: (amount: string) => `Bayar ${amount}`,
    checkForm: 'Periksa kembali data yang ditandai.',
    required: {
      name: 'Nama wajib diisi.',
      phone: 'Nomor HP wajib diisi.',
      email: 'Email wajib diisi.',
    },
    unavailableTitle: {
      expired: 'Link sudah kedaluwarsa',
      sold_out: 'Kuota sudah habis',
      deleted: 'Link tidak tersedia lagi',
      unknown: 'Link tidak ditemukan',
    },
    slotsHeld: 'Sebagian kuota sedang dipakai pembeli lain yang belum membayar. Jika tidak dibayar, kuota akan dibuka lagi nanti.',
    orderId: 'ID pesanan',
    /** The page a customer comes back to from Snap, by the order's state. */
    done: {
      pending: {
        title: 'Menunggu pembayaran',
        body: 'Kami belum menerima konfirmasi pembayaran Anda. Selesaikan pembayaran di halaman Midtrans; halaman ini akan berubah sendiri begitu pembayaran diterima.',
      },
      /** Back from Snap, which said paid, while Midtrans is asked. */
      confirming: {
        title: 'Memastikan pembayaran…',
        body: 'Kami sedang memastikan pembayaran Anda dengan Midtrans. Jangan membayar lagi; halaman ini akan berubah sendiri dalam beberapa detik.',
      },
      paid: {
        title: 'Pembayaran berhasil',
        body: (merchant: string) => `Terima kasih! ${merchant} sudah menerima pembayaran Anda.`,
      },
      expired: {
        title: 'Waktu pembayaran habis',
        body: 'Pembayaran tidak diselesaikan tepat waktu. Tidak ada dana yang ditarik.',
      },
      cancelled: {
        title: 'Pembayaran dibatalkan',
        body: 'Transaksi ini dibatalkan. Tidak ada dana yang ditarik.',
      },
      failed: {
        title: 'Pembayaran tidak berhasil',
        body: 'Pembayaran ini tidak dapat diselesaikan. Jika dana Anda sudah terpotong, hubungi penjual dengan menyebutkan ID pesanan.',
      },
      refunded: {
        title: 'Dana dikembalikan',
        body: 'Pembayaran untuk pesanan ini sudah dikembalikan.',
      },
    },
    paymentNotStarted: 'Pembayaran belum bisa dimulai',
    refreshing: 'Halaman ini diperbarui otomatis setiap beberapa detik.',
    continuePayment: 'Lanjutkan pembayaran',
    tryAgain: 'Coba lagi',
    backToLink: 'Kembali ke halaman pembayaran',
    /** The preview and printable cards (src/web/cards). */
    card: { notPayable: 'Tidak bisa dibayar', scanToPay: 'Scan untuk membayar' },
    /** The link preview chat apps show (Open Graph `og:description`). */
    previewDescription: (merchant: string, until: string | null) => `Bayar ke ${merchant}${until === null ? '' : ` · berlaku sampai ${until}`}`,
  },

  /** What can go wrong on a customer page: a title, and what to do. */
  pageErrors: {
    pageNotFound: { title: 'Halaman tidak ditemukan', body: 'Alamat ini tidak dikenal. Periksa kembali link dari penjual.' },
    orderNotFound: { title: 'Pesanan tidak ditemukan', body: 'Pesanan ini tidak dikenal untuk link ini.' },
    badRequest: { title: 'Permintaan tidak valid', body: 'Data yang dikirim tidak bisa dibaca. Muat ulang halaman lalu coba lagi.' },
    tooLarge: { title: 'Data terlalu besar', body: 'Data yang dikirim terlalu besar. Persingkat isian lalu coba lagi.' },
    rateLimited: { title: 'Terlalu banyak percobaan', body: 'Tunggu sekitar satu menit, lalu coba lagi.' },
    crossSiteForm: {
      title: 'Formulir dari situs lain',
      body: 'Formulir pembayaran ini dikirim dari situs lain, jadi tidak kami proses. Buka link pembayaran dari penjual secara langsung, lalu isi formulirnya di sana.',
    },
    unavailable: { title: 'Layanan sedang gangguan', body: 'Kami sedang mengalami gangguan. Coba lagi beberapa saat lagi.' },
    internal: { title: 'Terjadi kesalahan', body: 'Terjadi kesalahan di pihak kami. Tidak ada dana yang ditarik. Coba lagi nanti.' },
  },

  /** Rich links: open amounts, items, quantities, methods, questions, thank-you. */
  links: {
    methodUnknown: (unknown: string, list: string) => `Metode pembayaran tidak dikenal: ${unknown}. Pilih dari: ${list}.`,
    methodsEmpty: (list: string) => `Tulis minimal satu metode pembayaran, misalnya metode qris,gopay,va. Pilihan: ${list}.`,
    totalTooHigh: (total: string, max: string) => `Totalnya ${total}, melebihi batas ${max}. Kurangi harga atau jumlahnya.`,
    quantityNeedsOneItem: 'Jumlah pilihan pembeli (jumlah 1-5) hanya untuk link dengan satu barang berharga tetap.',
    itemsCount: (max: number) => `Satu link memuat 1–${max} barang. Contoh: Kaos 150000 + Topi 50000.`,
    boundsReversed: (min: string, max: string) => `Batas bawah ${min} lebih besar dari batas atas ${max}. Contoh: min 10rb max 5jt.`,
    presetsCount: (max: number) => `Paling banyak ${max} nominal pilihan. Contoh: pilihan 25rb,50rb,100rb.`,
    presetOutOfBounds: (preset: string) => `Nominal pilihan ${preset} di luar batas min/max. Ubah pilihan atau batasnya.`,
    quantityRange: (max: number) => `Jumlah ditulis dua angka bulat 1–${max}, yang kecil dulu. Contoh: jumlah 1-5.`,
    stockInvalid: (max: string) => `Stok harus angka bulat 1–${max}. Contoh: stok 20.`,
    questionsInvalid: (max: number, chars: number) => `Paling banyak ${max} pertanyaan, masing-masing 1–${chars} karakter tanpa karakter kontrol. Contoh: tanya "Ukuran (S/M/L)", "Alamat kirim".`,
    asksNeedContact: 'Minta minimal satu cara menghubungi pembeli: hp atau email. Contoh: wajib nama,hp.',
    asksUnknown: (word: string) => `"${word}" bukan isian pembeli. Pilih dari: nama, hp, email. Contoh: wajib nama,hp.`,
    thanksInvalid: (max: number) => `Pesan terima kasih harus 1–${max} karakter tanpa karakter kontrol. Contoh: pesan "Terima kasih! Dikirim besok."`,
    redirectInvalid: 'Alamat kembali harus URL https:// yang lengkap, tanpa spasi. Contoh: kembali https://tokobudi.id/terima-kasih',
    amountMissing: 'Tulis nominal yang ingin dibayar, misalnya 25000 atau 25rb.',
    amountInvalid: 'Nominal tidak dikenali. Tulis rupiah bulat, misalnya 25000, 25.000 atau 25rb.',
    amountTooLow: (min: string) => `Nominal minimal ${min}.`,
    amountTooHigh: (max: string) => `Nominal maksimal ${max}.`,
    quantityOutOfRange: (min: number, max: number) => `Jumlah harus angka bulat ${min}–${max}.`,
    answerMissing: (question: string) => `Isi jawaban untuk "${question}".`,
    answerTooLong: (question: string, max: number) => `Jawaban untuk "${question}" paling panjang ${max} karakter.`,
    answerControl: (question: string) => `Jawaban untuk "${question}" berisi karakter kontrol yang tak terlihat. Ketik ulang tanpa menempel teks.`,
    contactMissing: (field: 'name' | 'phone' | 'email') =>
      `${{ name: 'Nama', phone: 'Nomor HP', email: 'Alamat email' }[field]} wajib diisi untuk link ini.`,
    stockShort: (left: number) => `Stok tinggal ${left}. Kurangi jumlahnya, atau hubungi penjual.`,
    openAmountOption: 'min, max dan pilihan hanya untuk harga bebas. Contoh: /newlink Donasi seikhlasnya min 10rb max 5jt pilihan 25rb,50rb.',
    optionTwice: (earlier: string, written: string) => `Pilihan yang sama ditulis dua kali ("${earlier}" dan "${written}"). Tulis sekali saja.`,
    itemOptionsAtEnd: 'Pilihan seperti x5 atau stok 20 ditulis sesudah barang terakhir. Contoh: Kaos 150000 + Topi 50000 stok 20.',
    openAmountAlone: 'Harga bebas (seikhlasnya) tidak bisa digabung dengan beberapa barang. Buat link terpisah.',
    replyPrice: (price: string, bounds: string) => `${price} (${bounds})`,
    replyPresets: (list: string) => `Pilihan nominal: ${list}`,
    replyItems: (list: string) => `Barang: ${list}`,
    replyQuantity: (min: number, max: number) => `Jumlah per order: ${min}–${max}`,
    replyStock: (left: number, stock: number) => `Stok: ${left} dari ${stock} tersisa`,
    replyStockLeft: (left: number) => `stok ${left}`,
    replyMethods: (list: string) => `Metode: ${list}`,
    replyQuestions: (list: string) => `Pertanyaan: ${list}`,
    replyAsks: (list: string) => `Data pembeli: ${list}`,
    replyContactWords: { name: 'nama', phone: 'hp', email: 'email' },
    replyThanks: (thanks: string) => `Pesan sesudah bayar: "${thanks}"`,
    replyRedirect: (url: string) => `Kembali ke: ${url}`,
    helpNewlink:
      'Jenis lain: /newlink Donasi seikhlasnya min 10rb max 5jt pilihan 25rb,50rb · /newlink Kaos 150000 + Topi 50000 · opsi jumlah 1-5, stok 20, metode qris,gopay,va, tanya "Ukuran (S/M/L)", wajib nama,hp, pesan "Terima kasih!", kembali https://…',
    guidedKind: 'Jenis link?\n1 harga tetap\n2 seikhlasnya (pembeli mengetik nominal)\n3 beberapa barang\nBalas 1, 2 atau 3.',
    guidedItems: 'Tulis barang dan harganya, dipisah +. Contoh: Kaos 150000 + Topi 50000 + Ongkir 20000',
    guidedOpenOptions: 'Batas dan nominal pilihan? Contoh: min 10rb max 5jt pilihan 25rb,50rb,100rb — atau ketik "lewati".',
    guidedExtras: 'Bisa juga: jumlah 1-5, stok 20, metode qris,gopay,va, tanya "Ukuran (S/M/L)", wajib nama,hp, pesan "Terima kasih!", kembali https://…',
    // The payment page, the done page, notices and cards (links-checkout).
    pagePriceOpen: 'Nominal bebas',
    pagePriceFrom: (min: string) => `Mulai ${min}`,
    pagePriceUpTo: (max: string) => `Sampai ${max}`,
    pagePricePerItem: (price: string) => `${price} per barang`,
    pageItems: 'Rincian',
    pageAmountLabel: 'Nominal yang dibayar',
    pageAmountHint: 'Contoh: 25000, 25.000 atau 25rb',
    pagePresets: 'Atau pilih nominal:',
    pageQuantityLabel: 'Jumlah',
    pageQuantityHint: (min: number, max: number) => `${min}–${max} barang`,
    pageTotal: (total: string) => `Total ${total}`,
    pageUpdateTotal: 'Hitung total',
    pageAnswers: 'Pertanyaan dari penjual',
    pagePay: 'Bayar',
    pageStockLeft: (left: number) => `Stok tinggal ${left}`,
    pageSellerNote: 'Pesan dari penjual',
    pageBackToShop: 'Kembali ke toko',
    pageRedirecting: 'Sebentar lagi Anda diarahkan kembali ke toko.',
    noticeOpenAmount: (amount: string) => `${amount} (nominal bebas)`,
    noticeItems: 'Rincian',
    noticeSellerNote: (thanks: string) => `Pesan penjual: ${thanks}`,
  },

  /** Refunds from chat. */
  refunds: {
    orderNotFound: (ref: string) => `Order atau link "${ref}" tidak ditemukan. Lihat order sebuah link dengan /link <nomor>.`,
    noPaidOrder: (linkNumber: number) => `Link #${linkNumber} belum punya order lunas, jadi tidak ada yang bisa dikembalikan.`,
    notPaid: (orderId: string) => `Order ${orderId} tidak lunas, jadi tidak ada dana yang bisa dikembalikan.`,
    notSettled: (orderId: string) =>
      `Pembayaran kartu order ${orderId} belum selesai diproses bank (settlement, biasanya besok pukul 16.00 WIB). Refund bisa setelah itu.`,
    methodUnsupported: (orderId: string, method: string) =>
      `Order ${orderId} dibayar dengan ${method}, yang tidak bisa di-refund lewat Midtrans. Kembalikan dananya sendiri dengan transfer bank ke pembeli, atau lihat pilihan di dashboard Midtrans (Transactions).`,
    nothingLeft: (orderId: string) => `Dana order ${orderId} sudah dikembalikan seluruhnya (atau sedang diproses).`,
    tooMuch: (left: string) => `Jumlahnya lebih dari yang bisa dikembalikan. Paling banyak ${left}.`,
    choose: (linkNumber: number, count: number) => `Link #${linkNumber} punya ${count} order lunas. Order mana yang di-refund?`,
    chooseLine: (orderId: string, amount: string, who: string) => `• /refund ${orderId} — ${amount}${who === '' ? '' : ` · ${who}`}`,
    confirm: (amount: string, orderId: string, what: string) => `Kembalikan ${amount} dari order ${orderId} (${what})?`,
    partialNote: (left: string) => `Refund sebagian: order tetap lunas, sisa ${left} tetap milik Anda.`,
    fullNote: 'Refund penuh: order tidak dihitung lunas lagi.',
    reasonLine: (reason: string) => `Alasan: ${reason}`,
    confirmHint: 'Ketik ya untuk meminta refund ke Midtrans, atau /cancel.',
    confirmButton: (amount: string) => `Ya, refund ${amount}`,
    keepButton: 'Batal',
    reminder: (amount: string, orderId: string) => `Ketik ya untuk refund ${amount} dari order ${orderId}, atau /cancel.`,
    sent: (amount: string, orderId: string) =>
      `↩️ Permintaan refund ${amount} untuk order ${orderId} diterima Midtrans. Anda diberi tahu di sini begitu Midtrans mengabarkan dananya dikembalikan.`,
    alreadySent: (amount: string, orderId: string) =>
      `Refund ${amount} untuk order ${orderId} sudah diminta ke Midtrans sebelumnya; tidak dikirim lagi.`,
    noAnswer:
      'Midtrans belum menjawab permintaan refund. Ketik ya untuk mencoba lagi: permintaan yang sama dikirim ulang, jadi dana tidak akan dikembalikan dua kali.',
    requestUnknown: 'Permintaan refund ini tidak ditemukan atau sudah kedaluwarsa. Tulis /refund lagi.',
    unavailable: 'Refund tidak tersedia di tagih ini.',
  },

  /** The day's takings, the chart and the daily summary. */
  reports: {
    periodInvalid: (input: string) =>
      `Periode "${input}" tidak dikenali. Contoh: kemarin, minggu ini, bulan ini, 1/11-15/11, 2026-11-01..2026-11-15.`,
    periodInFuture: (input: string) => `Periode "${input}" belum dimulai. Pilih hari ini atau sebelumnya.`,
    periodReversed: (input: string) => `Periode "${input}" terbalik: tulis tanggal awal dulu, lalu tanggal akhir.`,
    periodTooLong: (input: string, max: number) => `Periode "${input}" terlalu panjang: paling lama ${max} hari sekali minta. Bagi jadi beberapa periode.`,
    today: (day: string) => `hari ini (${day})`,
    yesterday: (day: string) => `kemarin (${day})`,
    week: (first: string, last: string) => `minggu ini (${first}–${last})`,
    month: (first: string, last: string) => `bulan ini (${first}–${last})`,
    range: (first: string, last: string) => (first === last ? first : `${first}–${last}`),
    heading: (period: string) => `📊 Rekap ${period}`,
    paid: (count: number, gross: string) => `Order lunas: ${count} · bruto ${gross}`,
    refunded: (amount: string) => `Dikembalikan (refund): ${amount}`,
    net: (amount: string) => `Bersih: ${amount}`,
    pending: (count: number, amount: string) => `Menunggu pembayaran: ${count} checkout (${amount})`,
    byLink: 'Per link:',
    byMethod: 'Per metode pembayaran:',
    line: (name: string, count: number, net: string) => `• ${name}: ${count}× · ${net}`,
    moreLines: (count: number) => `• …dan ${count} lainnya`,
    unknownMethod: 'tidak disebut',
    nothing: 'Belum ada order di periode ini.',
    chartTitle: (period: string) => `Pemasukan bersih ${period}`,
    chartCaption: (period: string) => `📈 Pemasukan bersih ${period}`,
    chartHours: 'jam (WIB)',
    chartSaved: (path: string) => `📈 Grafik (PNG) disimpan: ${path}`,
    chartNotSaved: (path: string, code: string) => `Grafik tidak bisa disimpan di ${path} (${code}). Periksa izin tulis folder DATA_DIR, lalu coba lagi.`,
    exportHint: 'Unduh semua order periode ini: /export',
    unavailable: 'Rekap dan ekspor belum tersedia di tagih ini.',
    dailyHeadline: (day: string) => `Ringkasan harian ${day}`,
    summaryOn: (time: string) => `🗓 Ringkasan harian aktif: dikirim ke chat ini setiap hari pukul ${time} WIB. Matikan dengan /ringkasan off.`,
    summaryOff: '🗓 Ringkasan harian dimatikan. Nyalakan lagi dengan /ringkasan 21:00.',
    summaryStatusOff: 'Ringkasan harian sedang mati. Nyalakan dengan /ringkasan 21:00 (jam WIB).',
    summaryStatusOn: (time: string) => `Ringkasan harian dikirim setiap hari pukul ${time} WIB. Ubah jamnya dengan /ringkasan 20:30, matikan dengan /ringkasan off.`,
    summaryTimeInvalid: (input: string) => `Jam "${input}" tidak dikenali. Tulis jam WIB seperti 21:00 atau 7.30, atau off untuk mematikan.`,
  },

  /** CSV exports of orders. */
  exports: {
    caption: (period: string, rows: number) => `📄 ${rows} order, ${period} (CSV, UTF-8). Buka di Excel, Google Sheets atau LibreOffice.`,
    empty: (period: string) => `Tidak ada order ${period}, jadi tidak ada file. Coba periode lain, misalnya /export bulan ini.`,
    savedAt: (path: string) => `💾 File CSV disimpan: ${path}`,
  },

  /** A shop's owner, staff and team chats. */
  team: {
    notAllowed: 'Hanya pemilik toko yang bisa melakukan ini. Minta pemilik toko, atau minta izin dengan /staff izin refund untuk refund.',
    inviteMade: (code: string, hours: number) =>
      `Kode undangan staf (sekali pakai, berlaku ${hours} jam):
/start ${code}
Orang yang mengirim ini ke bot menjadi staf toko Anda: boleh membuat dan membagikan link serta melihat order.`,
    inviteLink: (url: string) => `Atau buka link ini di Telegram: ${url}`,
    staffList: (count: number) => `Tim toko Anda (${count} staf):`,
    staffLine: (name: string) => `• ${name}`,
    noStaff: 'Belum ada staf. Undang dengan /staff tambah.',
    refundsByStaff: (allowed: boolean): string => (allowed ? 'Staf boleh refund.' : 'Hanya pemilik yang boleh refund.'),
    nameMissing: 'Tulis nama staf yang dikeluarkan, misalnya /staff hapus Sari.',
    staffNotFound: (name: string) => `Tidak ada staf bernama "${name}". Lihat tim dengan /staff.`,
    staffAmbiguous: (name: string) => `Ada lebih dari satu staf bernama "${name}". Minta salah satunya mengganti nama di chat, lalu coba lagi.`,
    removed: (name: string) => `${name} bukan staf toko lagi.`,
    refundsAllowed: 'Staf sekarang boleh refund. Cabut dengan /staff izin refund off.',
    refundsDisallowed: 'Hanya pemilik toko yang boleh refund sekarang.',
    joined: (name: string) => `Selamat datang, ${name}! Anda sekarang staf toko ini: buat link dengan /newlink, lihat link dengan /links.`,
    joinInvalid: 'Kode undangan ini tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke pemilik toko (/staff tambah).',
    joinMember: 'Anda sudah termasuk tim sebuah toko, jadi kode ini tidak dipakai.',
    noticesAlso: 'Kabar pembayaran toko sekarang juga dikirim ke chat ini, selain ke chat pembuat link.',
    noticesInstead: 'Kabar pembayaran toko sekarang hanya dikirim ke chat ini.',
    noticesOff: 'Kabar pembayaran kembali hanya ke chat pembuat link.',
    noticesNotHere: 'Kabar pembayaran hanya bisa diarahkan ke chat Telegram atau WhatsApp. Kirim /notif di sini dari grup tim.',
    createdBy: (name: string) => `Dibuat oleh ${name}`,
  },

  /** What the bot answers a merchant's command, the same in every chat. */
  commands: {
    linkState: {
      active: 'aktif',
      expired: 'kedaluwarsa',
      sold_out: 'habis (batas pemakaian tercapai)',
      deleted: 'dihapus',
    },
    orderStatus: {
      pending: 'menunggu pembayaran',
      paid: 'lunas',
      expired: 'kedaluwarsa',
      cancelled: 'dibatalkan',
      failed: 'gagal',
      refunded: 'dikembalikan',
    },
    unlimited: 'tanpa batas',
    /** Paid uses out of the limit (a number or `unlimited`), and how many are being paid right now. */
    usage: (paid: number, limit: string, held: number) => `${paid}/${limit}${held > 0 ? `, ${held} sedang dibayar` : ''}`,
    noExpiry: 'tidak ada',
    /** The word that confirms a question, as typed on a button. */
    yes: 'ya',
    buttons: {
      /** Opens WhatsApp with the link's message typed. */
      whatsapp: '💬 Kirim lewat WhatsApp',
      share: '📤 Bagikan',
      qr: 'QR',
      details: 'Detail',
      delete: '🗑 Hapus',
      previous: '◀ Sebelumnya',
      next: 'Berikutnya ▶',
      yesDelete: 'Ya, hapus',
      keepLink: 'Batal',
      yesPrice: (price: number) => `Ya, ${formatRupiah(price)}`,
      cancel: 'Batal',
    },
    /** Labels of a link card's lines (`label: value`). */
    labels: {
      usageLimit: 'Batas pemakaian',
      expires: 'Berlaku sampai',
      for: 'Untuk',
      askedOrder: 'Order yang dicari',
      price: 'Harga',
      state: 'Status',
      paid: 'Dibayar',
      totalReceived: 'Total diterima',
      orders: 'Jumlah order',
      forCustomer: 'Untuk pelanggan',
      created: 'Dibuat',
      deleted: 'Dihapus',
      telegramLink: 'Link Telegram untuk pelanggan',
      payHere: 'Bayar di sini',
      validUntil: 'Berlaku sampai',
    },
    created: (n: number) => `✅ Link #${n} dibuat`,
    noMoreLinks: 'Tidak ada link lagi di halaman ini.',
    noLinks: (includeInactive: boolean) => `Belum ada link${includeInactive ? '' : ' aktif'}. Buat dengan /newlink Kaos 150000`,
    listHeading: (includeInactive: boolean, page: number) => `📋 Link ${includeInactive ? 'Anda' : 'aktif'} (halaman ${page})`,
    /** Before the paid count of a link in the list. */
    listPaid: 'dibayar',
    detailsHint: 'Detail: /link <nomor>',
    latestOrders: 'Order terbaru:',
    confirmDelete: (n: number, itemName: string, price: string) =>
      `Hapus link #${n} ${itemName} (${price})?\nPelanggan tidak bisa membayar lagi; riwayat order tetap tersimpan dan pembayaran yang sedang berjalan tetap diterima.\nKetik ya untuk menghapus, atau /cancel.`,
    deleteReminder: (n: number) => `Ketik ya untuk menghapus link #${n}, atau /cancel untuk membatalkan.`,
    deleted: (n: number, itemName: string) => `🗑 Link #${n} ${itemName} dihapus. Halaman pembayarannya sekarang menyatakan link tidak tersedia.`,
    /** A price under Rp1.000 is almost always a slip: `price` was meant as `price * 1000`. */
    confirmSmallPrice: (itemName: string, price: number) =>
      `Harga ${itemName} ${formatRupiah(price)}, benar segini? Harga di bawah Rp1.000 biasanya salah ketik (maksudnya ${formatRupiah(price * 1000)}?).\nKetik ya untuk membuat link ${formatRupiah(price)}, atau /cancel lalu tulis ulang dengan harga yang benar.`,
    smallPriceReminder: (itemName: string, price: number) => `Ketik ya untuk membuat link ${itemName} ${formatRupiah(price)}, atau /cancel untuk membatalkan.`,
    /** Under a QR caption when the link cannot be paid; `state` is a `linkState`. */
    thisLinkIs: (state: string) => `⚠️ Link ini ${state}.`,
    printRefused: (n: number, state: string) => `Link #${n} ${state}, jadi tidak dicetak: pelanggan tidak bisa membayarnya. Buat link baru dengan /newlink.`,
    printableUnavailable: 'Kartu cetak belum tersedia di tagih ini. Pakai /qr <ref> untuk kode QR-nya.',
    reviewApproved: (orderId: string) => `✅ Pembayaran ${orderId} disetujui di Midtrans. Anda diberi tahu begitu Midtrans mengabarkan hasilnya.`,
    reviewDenied: (orderId: string) => `🚫 Pembayaran ${orderId} ditolak di Midtrans. Uangnya tidak diambil dari kartu pembeli.`,
    reviewUnavailable: 'Pemeriksaan pembayaran tidak tersedia di tagih ini.',
    sendInactive: (n: number) => `Link #${n} tidak aktif lagi, jadi tidak dikirim. Buat link baru dengan /newlink.`,
    whatsappOff: (phone: string, url: string) =>
      `WhatsApp belum aktif di tagih ini. Teruskan link ini ke +${phone} secara manual, atau aktifkan dengan WHATSAPP_ENABLED=true.\n${url}`,
    notOnWhatsapp: (phone: string, n: number) => `Nomor +${phone} tidak terdaftar di WhatsApp. Periksa nomornya, atau kirim lewat email: /send ${n} nama@email.com`,
    /** `via` is the channel's name (email, WhatsApp). */
    queued: (n: number, via: string, target: string) => `📨 Link #${n} dikirim lewat ${via} ke ${target}.`,
    emailOff: '✉️ Email belum aktif, jadi link tidak dikirim ke email pelanggan. Aktifkan dengan SMTP_URL dan MAIL_FROM.',
    /** Said in the language just chosen. */
    languageSet: 'Bahasa diganti ke Bahasa Indonesia.',
    internalError: 'Maaf, terjadi kesalahan. Coba lagi sebentar lagi.',
    help: {
      title: '🧾 tagih — link pembayaran Midtrans dari chat',
      ref: '<ref> = nomor di /links (mis. 3), Payment Link ID, Order ID, atau id order di pemberitahuan pembayaran (mis. INV-20261202-PRKX-1).',
      example: 'Contoh: /newlink Kaos Polos 150rb x5 exp 31/12',
      /** One line per command. */
      lines: {
        newlink:
          '/newlink <nama barang> <harga> [opsi] — buat link. Nama barang yang memuat angka 1000 ke atas ditulis dalam tanda kutip: /newlink "Beras 5000 gram" 50000. Opsi: x5 (batas), bebas, exp 31/12, 7 hari, ke 0812…, nama Budi, email budi@mail.com, id INV-001, slug kaos-hitam. /newlink saja untuk dipandu.',
        links: '/links [halaman] [semua] — daftar link Anda',
        link: '/link <ref> — detail link, order dan total',
        delete: '/delete <ref> — nonaktifkan link (riwayat tetap ada)',
        qr: '/qr <ref> — kode QR link; /qr <ref> cetak — kartu untuk dicetak dan dipajang di kasir (PNG, A6)',
        send: '/send <ref> <nomor HP atau email> — kirim link ke pelanggan',
        help: '/help — bantuan ini',
        start: '/start — mulai',
        lang: '/lang en — ganti ke bahasa Inggris',
        cancel: '/cancel — batalkan langkah yang sedang berjalan',
        approve: '/setujui <Order ID> — setujui pembayaran kartu yang ditahan Midtrans untuk pemeriksaan',
        deny: '/tolak <Order ID> — tolak pembayaran kartu yang ditahan Midtrans untuk pemeriksaan',
        refund: '/refund <order atau ref> [jumlah] [alasan] — kembalikan dana pembayaran lewat Midtrans: semua sisa, atau sebagian bila jumlahnya ditulis (/refund 3 50rb barang rusak)',
        staff: '/staff — tim toko Anda; /staff tambah — kode undangan untuk staf baru; /staff hapus <nama> — keluarkan staf; /staff izin refund (atau off) — staf boleh refund',
        notif: '/notif di sini — kabar pembayaran juga ke grup ini; /notif di sini saja — hanya ke grup ini; /notif off — kembali ke chat pembuat link',
        report: '/rekap [periode] — pemasukan hari ini (atau kemarin, minggu ini, bulan ini, 1/11-15/11) dengan grafik',
        dailySummary: '/ringkasan 21:00 — ringkasan harian otomatis, /ringkasan off untuk mematikan',
        export: (maxDays: number) => `/export [periode] — semua order periode itu sebagai file CSV (paling lama ${maxDays} hari sekali minta)`,
      },
    },
  },

  /** `/newlink` alone: the questions, one value at a time. */
  guided: {
    item: 'Nama barang atau jasanya apa? (ketik /cancel untuk batal)',
    price: 'Harganya berapa? Contoh: 150000, 150rb, 1,5jt',
    options: 'Opsi tambahan? Contoh: x5 exp 31/12 ke 081234567890 — atau ketik "lewati".',
    cancelled: 'Dibatalkan.',
    nothingToCancel: 'Tidak ada yang sedang berjalan.',
  },

  /** Why a command could not be read; `shown` values are the merchant's own words, cut short. */
  parse: {
    /** After every message: a correct example of the command being typed. */
    withExample: (message: string, example: string) => `${message}\nContoh: ${example}`,
    /** What a `/newlink` option sets, named in a message about it. */
    field: {
      usageLimit: 'batas pemakaian',
      expiresAt: 'masa berlaku',
      name: 'nama pelanggan',
      phone: 'nomor HP pelanggan',
      email: 'email pelanggan',
      orderId: 'Order ID',
      slug: 'Payment Link ID',
    },
    messageTooLong: (length: number, max: number) => `Pesan terlalu panjang (${length} karakter, maksimal ${max}).`,
    commandUnknown: (word: string) => `Perintah "${word}" tidak dikenal. Ketik /help untuk melihat daftar perintah.`,
    quoteUnclosed: 'Tanda kutip dibuka tetapi tidak ditutup.',
    argumentUnexpected: (input: string) => `Bagian "${input}" tidak dipahami di perintah ini.`,
    priceMissing: 'Harga belum ditulis. Tulis harga sesudah nama barang.',
    itemMissing: 'Nama barang belum ditulis. Tulis nama barang dulu, lalu harganya.',
    optionUnknown: (input: string) =>
      `"${input}" sesudah harga tidak dikenali. Nama barang ditulis sebelum harga (dalam tanda kutip bila memuat angka 1000 ke atas, misalnya "Beras 5000 gram" 50000); sesudah harga hanya pilihan seperti: x5, bebas, exp 31/12, 7 hari, ke 081234567890, nama Budi, email budi@mail.com, id INV-001, slug kaos-hitam.`,
    /** `field` is one of `field` above. */
    optionDuplicate: (field: string, earlier: string, written: string) => `Pilihan ${field} ditulis dua kali ("${earlier}" dan "${written}"). Tulis sekali saja.`,
    optionValueMissing: (keyword: string, exampleValue: string) => `"${keyword}" perlu diikuti nilainya, misalnya "${keyword} ${exampleValue}".`,
    refMissing: 'Sebutkan link yang dimaksud: nomornya di /links, slug-nya, Order ID-nya, atau id order di pemberitahuan pembayaran.',
    refInvalid: (input: string) => `"${input}" bukan nomor, slug, atau Order ID link.`,
    sendTargetMissing: 'Sebutkan nomor HP atau email tujuan.',
    sendTargetInvalid: (input: string) => `"${input}" bukan nomor HP atau alamat email.`,
    startPayloadInvalid: (input: string) => `Kode "${input}" tidak valid: 1–64 karakter huruf, angka, _ atau - saja.`,
    orderMissing: 'Sebutkan Order ID-nya, seperti di pemberitahuan pembayaran.',
    orderInvalid: (input: string) => `"${input}" bukan Order ID.`,
    langMissing: 'Pilih bahasa: id (Bahasa Indonesia) atau en (English).',
    langUnknown: (input: string) => `Bahasa "${input}" tidak tersedia. Pilih id atau en.`,
  },

  /** What the Telegram adapter itself says; the merchant commands' replies are in `commands`. */
  telegram: {
    /** For customers: says nothing about the seller's links, other customers' orders, or whether a setup is pending. */
    customerHelp: {
      howToPay:
        'Halo! Bot ini mengirim link pembayaran dari penjual. Untuk membayar, buka link pembayaran yang dikirim penjual (atau tekan tombol Bayar), lalu pilih cara bayar: QRIS, transfer bank (Virtual Account), e-wallet atau kartu.',
      linkBelow: 'Link pembayaran Anda ada di bawah ini lagi.',
      receiptComes: 'Jika Anda membayar lewat link dari bot ini, bukti bayarnya dikirim ke chat ini.',
      receiptBelow: 'Bukti bayar terakhir Anda juga ada di bawah.',
      lastReceipt: '🧾 Bukti bayar terakhir Anda:',
    },
    /** A button pressed by someone who is not the seller. */
    sellerOnly: 'Tombol ini hanya untuk penjual.',
    ownerWelcome:
      '✅ Anda sekarang pemilik bot tagih ini. Kode penyiapan sudah tidak berlaku.\nBuat link pertama: /newlink Kaos 150000 — atau /help untuk semua perintah.',
    /** Inline mode (`@bot Kaos 150000` in any chat) and the cards it posts. */
    inline: {
      newLinkTitle: '➕ Buat link baru',
      newLinkDescription: 'Link dibuat saat Anda mengirim pesan ini',
      /** The second button of a shared card: opens the bot, which then sends the receipt into that chat. */
      receiptOnTelegram: '🧾 Bukti bayar via Telegram',
      createFailed: '❌ Link dari mode inline tidak dibuat',
      createdNotice: '✅ Link dari mode inline dibuat',
      /** A new link's card until the link exists: no URL that could lead nowhere. */
      preparing: '⏳ Link pembayaran sedang dibuat…',
      paidCard: '✅ Lunas',
      cardNotCompleted: '⚠️ Kartu di chat pelanggan belum bisa diperbarui: kirim link di atas kepadanya.',
    },
    /** The command menu of a merchant's chat. */
    menu: {
      newlink: 'Buat link: /newlink Kaos 150000',
      links: 'Daftar link Anda',
      link: 'Detail link: /link 3',
      qr: 'Kode QR link: /qr 3 · kartu cetak: /qr 3 cetak',
      send: 'Kirim link ke pelanggan: /send 3 0812…',
      delete: 'Hapus link: /delete 3',
      rekap: 'Rekap pemasukan: /rekap kemarin',
      export: 'Ekspor order ke CSV: /export bulan ini',
      ringkasan: 'Ringkasan harian: /ringkasan 21:00',
      refund: 'Refund pembayaran: /refund INV-…-1',
      staff: 'Tim toko: /staff tambah',
      notif: 'Kabar bayar ke grup: /notif di sini',
      lang: 'Ganti bahasa: /lang en',
      cancel: 'Batalkan langkah yang berjalan',
      help: 'Bantuan',
    },
    /** The menu everyone else sees. */
    publicMenu: {
      start: 'Mulai',
      help: 'Bantuan: cara membayar',
    },
    /** Why Telegram would refuse PUBLIC_URL as the webhook, and what to set instead. */
    webhookUrl: {
      /** Follows each reason. */
      fix: 'Set PUBLIC_URL ke alamat https di port 443, 80, 88 atau 8443 (mis. https://pay.tokobudi.id di balik reverse proxy atau tunnel), atau pakai TELEGRAM_MODE=polling.',
      notAUrl: (publicUrl: string) => `TELEGRAM_MODE=webhook: PUBLIC_URL "${publicUrl}" bukan URL.`,
      notHttps: (scheme: string) => `TELEGRAM_MODE=webhook: Telegram hanya mengirim ke webhook https, sedangkan PUBLIC_URL memakai ${scheme}.`,
      portRefused: (port: string, origin: string) => `TELEGRAM_MODE=webhook: Telegram menolak webhook di port ${port} (PUBLIC_URL ${origin}).`,
    },
  },

  /** What the WhatsApp adapter itself says; WhatsApp has no buttons, so actions become hints. */
  whatsapp: {
    /** An action written out: what to type, and the button it stands for. */
    typeHint: (command: string, label: string) => `Ketik ${command} → ${label}`,
    /** Stands for the customer's number in a `/send` hint. */
    phonePlaceholder: '<nomor HP>',
    unavailable: 'WhatsApp sedang tidak tersambung, jadi nomornya belum bisa dicek. Coba lagi sebentar lagi.',
    lateCommand: (hours: number, command: string) =>
      `⏰ Perintah ini diketik saat tagih offline, lebih dari ${hours} jam lalu, jadi tidak dijalankan: «${command}». Ketik lagi kalau masih perlu.`,
    /** A message WhatsApp accepted and then refused to deliver. */
    rejected: {
      /** When the chat has no phone number to name. */
      customersChat: 'chat pelanggan',
      restricted: 'WhatsApp sedang membatasi akun ini untuk memulai chat baru (kode 463).',
      staleSession: 'WhatsApp menolak pesan ini (kode 479), biasanya karena sesi perangkat yang sudah usang.',
      other: (code: string) => `WhatsApp menolak pesan ini (kode ${code}).`,
      /** `quoted` is ` «first line»` or empty; `why` one of the reasons above. */
      notice: (who: string, quoted: string, why: string) =>
        `⚠️ WhatsApp tidak mengantarkan pesan ke ${who}:${quoted}. ${why} Pesan ini tidak dikirim ulang (mengirim ulang bisa memperberat pembatasan). Kirim sendiri dari HP Anda, atau minta pelanggan mengirim pesan dulu, lalu coba lagi.`,
    },
  },

  /** What the console chat itself says. */
  console: {
    notACommand: 'Ketik /help untuk daftar perintah.',
    printableSaved: (path: string) => `🖨 Kartu cetak (PNG, A6 300 dpi) disimpan: ${path}`,
    printableNotSaved: (path: string, code: string) => `Kartu cetak tidak bisa disimpan di ${path} (${code}). Periksa izin tulis folder DATA_DIR, lalu coba lagi.`,
  },
};
