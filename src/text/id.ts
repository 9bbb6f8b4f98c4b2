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
  refunds: {},

  /** The day's takings, the chart and the daily summary. */
  reports: {
    help: '/rekap [periode] — pemasukan hari ini (atau kemarin, minggu ini, bulan ini, 1/11-15/11) dengan grafik; /ringkasan 21:00 — ringkasan harian otomatis, /ringkasan off untuk mematikan',
    menuRekap: 'Rekap pemasukan: /rekap kemarin',
    menuRingkasan: 'Ringkasan harian: /ringkasan 21:00',
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
    help: (maxDays: number) => `/export [periode] — semua order periode itu sebagai file CSV (paling lama ${maxDays} hari sekali minta)`,
    menu: 'Ekspor order ke CSV: /export bulan ini',
    caption: (period: string, rows: number) => `📄 ${rows} order, ${period} (CSV, UTF-8). Buka di Excel, Google Sheets atau LibreOffice.`,
    empty: (period: string) => `Tidak ada order ${period}, jadi tidak ada file. Coba periode lain, misalnya /export bulan ini.`,
    savedAt: (path: string) => `💾 File CSV disimpan: ${path}`,
  },

  /** A shop's owner, staff and team chats. */
  team: {},
};
