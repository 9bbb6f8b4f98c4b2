/**
 * What can go wrong on a customer page, each with a stable code, the HTTP
 * status that answers it and words for the customer in both languages.
 */
import { AppError } from '../domain/errors.ts';
import type { Text } from '../domain/locale.ts';

export type WebErrorCode =
  | 'PAGE_NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'CROSS_SITE_FORM'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

interface Entry {
  status: number;
  title: Text;
  text: Text;
}

const CATALOG: Readonly<Record<WebErrorCode, Entry>> = {
  PAGE_NOT_FOUND: {
    status: 404,
    title: { id: 'Halaman tidak ditemukan', en: 'Page not found' },
    text: { id: 'Alamat ini tidak dikenal. Periksa kembali link dari penjual.', en: 'This address is unknown. Check the link the seller sent you.' },
  },
  ORDER_NOT_FOUND: {
    status: 404,
    title: { id: 'Pesanan tidak ditemukan', en: 'Order not found' },
    text: { id: 'Pesanan ini tidak dikenal untuk link ini.', en: 'This order is not known for this link.' },
  },
  BAD_REQUEST: {
    status: 400,
    title: { id: 'Permintaan tidak valid', en: 'Invalid request' },
    text: { id: 'Data yang dikirim tidak bisa dibaca. Muat ulang halaman lalu coba lagi.', en: 'What was sent could not be read. Reload the page and try again.' },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: { id: 'Data terlalu besar', en: 'Too much data' },
    text: { id: 'Data yang dikirim terlalu besar. Persingkat isian lalu coba lagi.', en: 'What was sent is too large. Shorten the fields and try again.' },
  },
  RATE_LIMITED: {
    status: 429,
    title: { id: 'Terlalu banyak percobaan', en: 'Too many attempts' },
    text: { id: 'Tunggu sekitar satu menit, lalu coba lagi.', en: 'Please wait about a minute, then try again.' },
  },
  CROSS_SITE_FORM: {
    status: 403,
    title: { id: 'Formulir dari situs lain', en: 'Form from another website' },
    text: {
      id: 'Formulir pembayaran ini dikirim dari situs lain, jadi tidak kami proses. Buka link pembayaran dari penjual secara langsung, lalu isi formulirnya di sana.',
      en: 'This payment form was sent from another website, so we did not process it. Open the seller’s payment link directly and fill in the form there.',
    },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: { id: 'Layanan sedang gangguan', en: 'Temporarily unavailable' },
    text: { id: 'Kami sedang mengalami gangguan. Coba lagi beberapa saat lagi.', en: 'We are having trouble right now. Please try again in a moment.' },
  },
  INTERNAL: {
    status: 500,
    title: { id: 'Terjadi kesalahan', en: 'Something went wrong' },
    text: { id: 'Terjadi kesalahan di pihak kami. Tidak ada dana yang ditarik. Coba lagi nanti.', en: 'Something went wrong on our side. You have not been charged. Please try again later.' },
  },
};

export class WebError extends AppError<WebErrorCode> {
  readonly status: number;
  readonly title: Text;

  constructor(code: WebErrorCode, details: Readonly<Record<string, unknown>> = {}) {
    const entry = CATALOG[code];
    super(code, entry.text, details);
    this.status = entry.status;
    this.title = entry.title;
  }
}
