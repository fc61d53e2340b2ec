// The one crypto interface for personal data (国密): SM4-CBC encryption with an HMAC-SM3 tag
// (encrypt-then-MAC), HMAC-SM3 blind indexes for exact lookup, and SM3 for the ledger. All from
// Node's OpenSSL; a hardware security module can later stand behind the same interface.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export { loadOrCreateMasterKey } from './master-key.js';

/** The personal-data fields stored encrypted. */
export type PiiField = 'phone' | 'id_number' | 'address';

/** What the crypto seals: personal data, and the accounts' TOTP secrets (never shown again). */
export type SealedField = PiiField | 'totp_secret';

/**
 * What blind indexes are kept of: the encrypted fields, and a person's name by its pinyin (repeat
 * warnings match 张伟, 张玮 and "ZHANG Wei" without storing or comparing the name itself).
 */
export type BlindIndexField = PiiField | 'name_pinyin';

/** Encrypts, decrypts and indexes personal data; see {@link createPiiCrypto}. */
export interface PiiCrypto {
  /** SM4-CBC under a random IV, tagged with HMAC-SM3 over version|field|iv|ciphertext. */
  encrypt(field: SealedField, plaintext: string): Buffer;
  /** Checks the tag (constant time) before decrypting; throws PiiCryptoError on any mismatch. */
  decrypt(field: SealedField, blob: Buffer): string;
  /** Deterministic HMAC-SM3 (hex) of an already normalized value under a key of that field alone. */
  blindIndex(field: BlindIndexField, normalizedValue: string): string;
  /** SM3 digest, hex. */
  sm3Hex(text: string | Buffer): string;
}

/** Why a blob could not be decrypted. */
export type PiiCryptoErrorCode = 'malformed' | 'unsupported_version' | 'tampered' | 'wrong_field';

/** Thrown by {@link PiiCrypto.decrypt}; the message never contains the data. */
export class PiiCryptoError extends Error {
  override name = 'PiiCryptoError';
  constructor(
    readonly code: PiiCryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// Blob layout: version (1) | field (1) | iv (16) | ciphertext (16·n) | tag (32).
// The version names the key generation, so a rotated key can decrypt old blobs by their version.
const VERSION = 1;
const FIELD_CODES: Record<SealedField, number> = { phone: 1, id_number: 2, address: 3, totp_secret: 4 };
const BLIND_INDEXED: readonly BlindIndexField[] = ['phone', 'id_number', 'address', 'name_pinyin'];
const HEADER = 2;
const IV_BYTES = 16;
const BLOCK = 16;
const TAG_BYTES = 32;
const MASTER_KEY_BYTES = 32;

/** SM3 digest of a text (UTF-8) or bytes, as 64 lowercase hex digits; the ledger's HashFn. */
export function sm3Hex(text: string | Buffer): string {
  return createHash('sm3').update(text).digest('hex');
}

/** HKDF with HMAC-SM3 (RFC 5869), one key per purpose label, so no key serves two purposes. */
function deriveKey(masterKey: Buffer, label: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sm3', masterKey, 'yimen/pii', `yimen/pii/v${VERSION}/${label}`, length));
}

/** Builds the personal-data crypto from a 32-byte master key held outside the database. */
export function createPiiCrypto(masterKey: Buffer): PiiCrypto {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new RangeError(`the master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.length}`);
  }
  const encKey = deriveKey(masterKey, 'enc/sm4', 16);
  const macKey = deriveKey(masterKey, 'mac/hmac-sm3', 32);
  const bidxKeys = {} as Record<BlindIndexField, Buffer>;
  for (const field of BLIND_INDEXED) {
    bidxKeys[field] = deriveKey(masterKey, `bidx/${field}`, 32);
  }
  const tagOf = (authenticated: Buffer): Buffer => createHmac('sm3', macKey).update(authenticated).digest();

  return {
    encrypt(field, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('sm4-cbc', encKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const authenticated = Buffer.concat([Buffer.from([VERSION, FIELD_CODES[field]]), iv, ciphertext]);
      return Buffer.concat([authenticated, tagOf(authenticated)]);
    },

    decrypt(field, blob) {
      const ciphertextBytes = blob.length - HEADER - IV_BYTES - TAG_BYTES;
      if (ciphertextBytes < BLOCK || ciphertextBytes % BLOCK !== 0) {
        throw new PiiCryptoError('malformed', `not an encrypted ${field} value (${blob.length} bytes)`);
      }
      if (blob[0] !== VERSION) {
        throw new PiiCryptoError(
          'unsupported_version',
          `unknown key version ${blob[0]} of an encrypted ${field}`,
        );
      }
      const authenticated = blob.subarray(0, blob.length - TAG_BYTES);
      if (!timingSafeEqual(tagOf(authenticated), blob.subarray(blob.length - TAG_BYTES))) {
        throw new PiiCryptoError('tampered', `the encrypted ${field} fails its integrity check`);
      }
      // The field byte is authenticated, so checking it after the tag cannot be forged.
      if (blob[1] !== FIELD_CODES[field]) {
        throw new PiiCryptoError('wrong_field', `the value was encrypted as another field, not ${field}`);
      }
      const iv = blob.subarray(HEADER, HEADER + IV_BYTES);
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      const ciphertext = authenticated.subarray(HEADER + IV_BYTES);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },

    blindIndex(field, normalizedValue) {
      return createHmac('sm3', bidxKeys[field]).update(normalizedValue, 'utf8').digest('hex');
    },

    sm3Hex,
  };
}
