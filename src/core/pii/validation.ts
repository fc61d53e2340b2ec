// Validation and normal forms of resident ID numbers and phone numbers. The normal form is what the
// blind index is computed over, so the same person is found however the number was typed.

/** ISO 7064 MOD 11-2 weights of the first 17 digits (2^(17-i) mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** Province-level codes of GB/T 2260 (71 Taiwan, 81/82 Hong Kong/Macau, 83 Taiwan residence permits). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

const MOBILE = /^1[3-9]\d{9}$/;
// Area code 010, 02x or 0 + 3 digits; the subscriber number has 7–8 digits and does not start with 0/1.
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;

/** Normal form of an ID number: trimmed, a lowercase check character `x` made `X`. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** The GB 11643-1999 check character of the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Whether `yyyymmdd` is a real calendar date between 1900 and 2099. */
function isBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Whether a value (after {@link normalizeIdNumber}) is an 18-character resident ID number of
 * GB 11643-1999: a known province prefix, a real birth date (1900–2099) and a right check character.
 */
export function isValidIdNumber(idNumber: string): boolean {
  const id = normalizeIdNumber(idNumber);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!PROVINCE_CODES.has(Number(id.slice(0, 2)))) return false;
  if (!isBirthDate(id.slice(6, 14))) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/**
 * Builds a valid ID number from a 6-digit region code, a birth date `YYYYMMDD` and a 3-digit
 * sequence (odd for men, even for women), computing the check character. For demo data and tests.
 */
export function makeIdNumber(region6: string, birthYYYYMMDD: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6)) throw new RangeError(`region must be 6 digits: ${region6}`);
  if (!/^\d{8}$/.test(birthYYYYMMDD) || !isBirthDate(birthYYYYMMDD)) {
    throw new RangeError(`birth date must be a real YYYYMMDD date: ${birthYYYYMMDD}`);
  }
  if (!/^\d{3}$/.test(seq3)) throw new RangeError(`sequence must be 3 digits: ${seq3}`);
  const first17 = region6 + birthYYYYMMDD + seq3;
  return first17 + idCheckChar(first17);
}

/**
 * Normal form of a phone number: spaces, dashes, dots and brackets removed, and a +86/0086 (or
 * bare 86 before a mobile number) country prefix dropped; an international landline regains its
 * trunk `0`. Not a validation: check the result with {@link isValidMobile} or {@link isValidPhone}.
 */
export function normalizePhone(phone: string): string {
  const compact = phone.replace(/[\s.()（）-]/g, '');
  const intl = /^(?:\+86|0086)(\d+)$/.exec(compact);
  if (intl) {
    const national = intl[1]!;
    return MOBILE.test(national) || national.startsWith('0') ? national : `0${national}`;
  }
  if (/^86\d{11}$/.test(compact) && MOBILE.test(compact.slice(2))) return compact.slice(2);
  return compact;
}

/** Whether a value is a mainland mobile number (`1[3-9]` + 9 digits) once normalized. */
export function isValidMobile(phone: string): boolean {
  return MOBILE.test(normalizePhone(phone));
}

/** Whether a value is a mainland mobile number or a landline with its area code, e.g. `0534-2345678`. */
export function isValidPhone(phone: string): boolean {
  const normal = normalizePhone(phone);
  return MOBILE.test(normal) || LANDLINE.test(normal);
}
