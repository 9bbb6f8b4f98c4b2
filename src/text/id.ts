/**
 * Bahasa Indonesia: the first language, and the one that decides which
 * sentences exist (see catalog.ts). Sections follow the parts of the product.
 * Functions take the facts a sentence needs; formatting of money and time is
 * done by the domain's formatters so every language shows `Rp150.000` alike.
 */
import { formatRupiah } from '../domain/money.ts';

export const id = {
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

  /** Rich links: open amounts, items, quantities, methods, questions, thank-you. */
  links: {},

  /** Refunds from chat. */
  refunds: {},

  /** The day's takings, the chart and the daily summary. */
  reports: {},

  /** CSV exports of orders. */
  exports: {},

  /** A shop's owner, staff and team chats. */
  team: {},
};
