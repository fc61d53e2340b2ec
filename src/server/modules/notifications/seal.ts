// Sealing what an outgoing message carries (a phone, an e-mail address, a one-time code, a
// webhook secret) with the personal-data crypto (SM4-CBC + HMAC-SM3), so neither the table nor
// pg-boss's job rows hold it in clear. PiiCrypto keys by field label; the label 'address' stands
// for free personal text here (same encryption key; the label is authenticated in the blob).
import type { PiiCrypto } from '../../crypto/pii-crypto.js';

export function seal(crypto: PiiCrypto, value: unknown): Buffer {
  return crypto.encrypt('address', JSON.stringify(value));
}

export function unseal<T>(crypto: PiiCrypto, blob: Buffer): T {
  return JSON.parse(crypto.decrypt('address', blob)) as T;
}
