/**
 * QR codes for "Take these steps with you" (issue 5), made on the kiosk: no
 * network, no service. Only TakeAwayDialog uses this module, and the customer
 * screens load that dialog when a customer asks for a code, so neither it nor
 * the `qrcode` package (about 23 kB) is in the customer entry chunk.
 *
 * SVG in a `data:` image: the CSP allows `img-src data:`, it scales to any
 * size without blur, and no inline style is involved.
 */
import QRCode, { type QRCodeToStringOptions } from 'qrcode';

/** Error correction M (15 %): robust to glare on the glass, still coarse enough to scan from arm's length. */
export const QR_OPTIONS: QRCodeToStringOptions = {
  type: 'svg',
  errorCorrectionLevel: 'M',
  margin: 4,
  color: { dark: '#000000', light: '#ffffff' },
};

/** The SVG markup of the code for `text`. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, QR_OPTIONS);
}

/** The code for `text` as a `data:` URL for an <img>. */
export async function qrDataUrl(text: string): Promise<string> {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await qrSvg(text))}`;
}
