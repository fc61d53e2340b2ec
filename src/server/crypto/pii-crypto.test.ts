import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PiiCryptoErrorCode } from './pii-crypto.js';
import { PiiCryptoError, createPiiCrypto, sm3Hex } from './pii-crypto.js';

const masterKey = Buffer.alloc(32, 7);
const crypto = createPiiCrypto(masterKey);

function decryptError(run: () => unknown): PiiCryptoErrorCode | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof PiiCryptoError) return err.code;
    throw err;
  }
  return undefined;
}

describe('sm3Hex', () => {
  it('matches the GB/T 32905 test vectors', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex('abcd'.repeat(16))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
    expect(crypto.sm3Hex(Buffer.from('abc'))).toBe(sm3Hex('abc'));
  });
});

describe('encrypt and decrypt', () => {
  it('round-trips Chinese text, empty text and a whole block', () => {
    for (const text of ['山东省德州市陵城区神头镇前李村12号', '', '0123456789abcdef', '13812345678']) {
      expect(crypto.decrypt('address', crypto.encrypt('address', text))).toBe(text);
    }
  });

  it('round-trips any text in any field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('phone', 'id_number', 'address' as const),
        fc.string({ unit: 'grapheme' }),
        (field, text) => {
          expect(crypto.decrypt(field, crypto.encrypt(field, text))).toBe(text);
        },
      ),
    );
  });

  it('uses a fresh IV, so the same value encrypts differently each time', () => {
    const a = crypto.encrypt('phone', '13812345678');
    const b = crypto.encrypt('phone', '13812345678');
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(2, 18).equals(b.subarray(2, 18))).toBe(false);
  });

  it('does not contain the plaintext', () => {
    const blob = crypto.encrypt('id_number', '371402199001011234');
    expect(blob.toString('latin1')).not.toContain('371402199001011234');
    expect(blob.toString('hex')).not.toContain(Buffer.from('1990').toString('hex'));
  });

  it('refuses a blob with any single bit flipped', () => {
    const blob = crypto.encrypt('phone', '13812345678');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: blob.length * 8 - 1 }), (bit) => {
        const tampered = Buffer.from(blob);
        tampered[bit >> 3]! ^= 1 << (bit & 7);
        const code = decryptError(() => crypto.decrypt('phone', tampered));
        // Flipping the version byte is reported as such; every other bit breaks the tag.
        expect(code).toBe(bit < 8 ? 'unsupported_version' : 'tampered');
      }),
    );
  });

  it('refuses a truncated or empty blob as malformed', () => {
    const blob = crypto.encrypt('phone', '13812345678');
    expect(decryptError(() => crypto.decrypt('phone', blob.subarray(0, blob.length - 1)))).toBe('malformed');
    expect(decryptError(() => crypto.decrypt('phone', Buffer.alloc(0)))).toBe('malformed');
  });

  it('refuses to decrypt a value as another field', () => {
    const blob = crypto.encrypt('phone', '13812345678');
    expect(decryptError(() => crypto.decrypt('id_number', blob))).toBe('wrong_field');
    expect(() => crypto.decrypt('address', blob)).toThrow(/another field/);
  });

  it('cannot decrypt under another master key', () => {
    const blob = crypto.encrypt('phone', '13812345678');
    const other = createPiiCrypto(randomBytes(32));
    expect(decryptError(() => other.decrypt('phone', blob))).toBe('tampered');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => createPiiCrypto(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('blindIndex', () => {
  it('is stable for the same key, field and value', () => {
    const again = createPiiCrypto(Buffer.from(masterKey));
    expect(crypto.blindIndex('phone', '13812345678')).toBe(again.blindIndex('phone', '13812345678'));
    expect(crypto.blindIndex('phone', '13812345678')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs between fields, values and master keys, and is not a plain hash', () => {
    const value = '371402199001011234';
    const seen = new Set([
      crypto.blindIndex('phone', value),
      crypto.blindIndex('id_number', value),
      crypto.blindIndex('address', value),
      crypto.blindIndex('id_number', '371402199001011235'),
      createPiiCrypto(randomBytes(32)).blindIndex('id_number', value),
      sm3Hex(value),
    ]);
    expect(seen.size).toBe(6);
  });
});
