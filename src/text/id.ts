/**
 * Bahasa Indonesia: the first language, and the one that decides which
 * sentences exist (see catalog.ts). Sections follow the parts of the product.
 * Functions take the facts a sentence needs; formatting of money and time is
 * done by the domain's formatters so every language shows `Rp150.000` alike.
 */
export const id = {
  /** Rich links: open amounts, items, quantities, methods, questions, thank-you. */
  links: {},

  /** Refunds from chat. */
  refunds: {
    helpLine:
      '/refund <order atau ref> [jumlah] [alasan] — kembalikan dana pembayaran lewat Midtrans: semua sisa, atau sebagian bila jumlahnya ditulis (/refund 3 50rb barang rusak)',
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
  reports: {},

  /** CSV exports of orders. */
  exports: {},

  /** A shop's owner, staff and team chats. */
  team: {
    helpStaff:
      '/staff — tim toko Anda; /staff tambah — kode undangan untuk staf baru; /staff hapus <nama> — keluarkan staf; /staff izin refund (atau off) — staf boleh refund',
    helpNotif: '/notif di sini — kabar pembayaran juga ke grup ini; /notif di sini saja — hanya ke grup ini; /notif off — kembali ke chat pembuat link',
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
};
