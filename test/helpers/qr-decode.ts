// Decodes a QR code from PNG bytes (jsQR over pngjs' RGBA pixels): tests check what a code encodes.
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS typed as an ES default export: under NodeNext the default import is the module
// object in the types, while at run time it is the function (which also carries .default).
type Decode = (typeof jsQRModule)['default'];
const jsQR: Decode = (jsQRModule as unknown as { default: Decode }).default;

export function decodeQrPng(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  return jsQR(pixels, img.width, img.height)?.data ?? null;
}
