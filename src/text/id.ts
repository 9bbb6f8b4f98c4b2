/**
 * Bahasa Indonesia: the first language, and the one that decides which
 * sentences exist (see catalog.ts). Sections follow the parts of the product.
 * Functions take the facts a sentence needs; formatting of money and time is
 * done by the domain's formatters so every language shows `Rp150.000` alike.
 */
export const id = {
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
  refunds: {},

  /** The day's takings, the chart and the daily summary. */
  reports: {},

  /** CSV exports of orders. */
  exports: {},

  /** A shop's owner, staff and team chats. */
  team: {},
};
