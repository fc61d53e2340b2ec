// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, as every authenticator app reads it)
// through otplib. The secret is sealed with the server's crypto before it is stored; a code is
// checked against the step before, the step of and the step after the server's clock, and the
// step it matched is returned so the caller can refuse the same code twice.
import { timingSafeEqual } from 'node:crypto';
import { authenticator } from 'otplib';
import { totpStep } from '../../../core/organization/second-factor.js';

const PERIOD_MS = 30_000;
export const TOTP_ISSUER = '一门 Yimen';

/** A new random secret (160 bits, base32), as RFC 4226 recommends. */
export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** The code of a secret at an instant. */
export function totpCode(secret: string, at: Date): string {
  return authenticator.clone({ epoch: at.getTime() }).generate(secret);
}

/** The otpauth:// URL an authenticator app scans (as a QR code) to add the account. */
export function otpauthUrl(username: string, secret: string): string {
  return authenticator.keyuri(username, TOTP_ISSUER, secret);
}

/** The steps (one of drift either way) at which `code` is the secret's code; [] when none. */
export function matchingSteps(secret: string, code: string, at: Date): number[] {
  const now = totpStep(at.getTime());
  const given = Buffer.from(code);
  const out: number[] = [];
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(totpCode(secret, new Date(step * PERIOD_MS)));
    if (expected.length === given.length && timingSafeEqual(expected, given)) out.push(step);
  }
  return out;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (the alphabet of TOTP secrets). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
