// Display masks for personal data (shown masked by default; the unmask service is the only clear
// read). Masks work on code points so a rare CJK character outside the BMP counts as one.

import { normalizePhone } from './validation.js';

const STAR = '*';
const NAME_SEPARATORS = /^[\s·•.-]$/u;

/** Keeps `head` leading and `tail` trailing code points and stars the rest, same length. */
function keepEnds(chars: string[], head: number, tail: number): string {
  return chars.map((c, i) => (i < head || i >= chars.length - tail ? c : STAR)).join('');
}

/**
 * Shows so much of an identifier that long values keep their first 3 and last 4 characters and
 * short ones (fewer than 8) reveal only their last one or two, never the bulk of the value.
 */
function maskIdentifier(value: string, shortTail: (length: number) => number): string {
  const chars = Array.from(value);
  if (chars.length >= 8) return keepEnds(chars, 3, 4);
  return keepEnds(chars, 0, shortTail(chars.length));
}

/** Masks a phone number in its normal form ({@link normalizePhone}): `+86 138-1234-5678` → `138****5678`. */
export function maskPhone(phone: string): string {
  const compact = normalizePhone(phone);
  // 4–7 characters keep the last two, 2–3 the last one, a single character nothing.
  return maskIdentifier(compact, (n) => (n >= 4 ? 2 : n >= 2 ? 1 : 0));
}

/** Masks a resident ID number: `371402199001011234` → `371***********1234` (same length). */
export function maskIdNumber(idNumber: string): string {
  const compact = idNumber.replace(/\s/g, '').toUpperCase();
  return maskIdentifier(compact, (n) => (n >= 4 ? 1 : 0));
}

/**
 * Masks a person's name: Chinese names keep the first character (`张三` → `张*`, `欧阳娜娜` →
 * `欧***`); Latin-script names keep each word's initial (`John Smith` → `J*** S****`).
 * Separators (space, ·, ., -) stay so the shape of the name remains readable.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  const latin = /[A-Za-z]/.test(name);
  let atWordStart = true;
  let keptOne = false;
  return chars
    .map((c) => {
      if (NAME_SEPARATORS.test(c)) {
        atWordStart = true;
        return c;
      }
      // A one-character name reveals itself if kept, so it is starred.
      const keep = chars.length > 1 && atWordStart && (latin || !keptOne);
      atWordStart = false;
      if (keep) keptOne = true;
      return keep ? c : STAR;
    })
    .join('');
}

/**
 * Masks an address: its first 6 characters (the administrative part, roughly down to the
 * township) then `****`; a short address keeps at most half of itself. The star count is fixed so
 * the mask does not reveal the address's length.
 */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  if (chars.length === 0) return '';
  const keep = Math.min(6, Math.floor(chars.length / 2));
  return chars.slice(0, keep).join('') + STAR.repeat(4);
}
