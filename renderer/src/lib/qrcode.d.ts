/**
 * The part of the `qrcode` package (1.5.4, no bundled types) the kiosk uses.
 * Its browser build (package.json "browser") has the same `toString` SVG
 * renderer as the Node build, so tests can re-encode and compare.
 */
declare module 'qrcode' {
  export type ErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H';

  export interface QRCodeOptions {
    errorCorrectionLevel?: ErrorCorrectionLevel;
    /** Quiet zone, in modules. */
    margin?: number;
    color?: { dark?: string; light?: string };
  }

  export interface QRCodeToStringOptions extends QRCodeOptions {
    type: 'svg';
  }

  export interface QRCode {
    version: number;
    /** `bit`: 1 L, 0 M, 3 Q, 2 H (the QR format bits). */
    errorCorrectionLevel: { bit: number };
    modules: { size: number };
  }

  const api: {
    create(text: string, options?: QRCodeOptions): QRCode;
    toString(text: string, options: QRCodeToStringOptions): Promise<string>;
  };
  export default api;
}
