/** A link's QR code: the same modules for the qr.png route and the printable card. */
import QRCode from 'qrcode';

/** M (15 % recoverable): a printed card survives a smudge; the short URL keeps the code small. */
const ERROR_CORRECTION = 'M';

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: 2, width: 480 });
}

/** The QR as SVG markup (scales without blur when drawn into a card). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: 2, color: { dark: '#172033ff', light: '#ffffffff' } });
}
