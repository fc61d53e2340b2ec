// QR codes (解纷码 of a place, 一案一码 of a case) as PNG and SVG, through the `qrcode` package.
import QRCode from 'qrcode';

export interface QrOptions {
  /** Error correction: M (15 %) by default; H survives a logo or a worn print. */
  level?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules (default 4, the standard's minimum for scanning from paper). */
  margin?: number;
}

/** PNG of a QR code, `width` pixels square (default 512). */
export async function qrPng(text: string, opts: QrOptions & { width?: number } = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: opts.level ?? 'M',
    margin: opts.margin ?? 4,
    width: opts.width ?? 512,
    color: { dark: '#000000', light: '#ffffff' },
  });
}

/** SVG of a QR code (scales without loss; the poster and the web pages use it). */
export async function qrSvg(text: string, opts: QrOptions = {}): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: opts.level ?? 'M',
    margin: opts.margin ?? 4,
    color: { dark: '#000000', light: '#ffffff' },
  });
}

/** The resident H5's form with a place preselected: what a center's or grid's 解纷码 encodes. */
export function placeQrUrl(publicUrl: string, regionCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/m/new?place=${encodeURIComponent(regionCode)}`;
}

/** A case's own page in the resident H5 (一案一码). */
export function caseQrUrl(publicUrl: string, caseId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/m/cases/${encodeURIComponent(caseId)}`;
}
