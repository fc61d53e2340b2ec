// The unified social credit code of organizations (统一社会信用代码, GB 32100-2015): 18 characters
// of a 31-letter alphabet (digits and capitals without I, O, S, V, Z) — registering authority,
// organization kind, the registering office's 6-digit region code, the 9-character organization
// code (GB 11714) and a check character computed over the first 17.

/** The GB 32100 alphabet; a character's value is its index. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^i mod 31 for i = 0…16, the weights of the 17 leading characters. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Normal form of a credit code: trimmed, upper case. */
export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The GB 32100 check character of the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`not a credit-code character: ${first17[i]}`);
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Whether a value (after {@link normalizeCreditCode}) is a well-formed unified social credit code:
 * 18 characters of the GB 32100 alphabet, digits at positions 3–8 (the region code) and the right
 * check character. The embedded organization code's own GB 11714 check is not tested: codes of
 * individual businesses (个体工商户) do not always carry one.
 */
export function isValidCreditCode(code: string): boolean {
  const c = normalizeCreditCode(code);
  return SHAPE.test(c) && creditCodeCheckChar(c.slice(0, 17)) === c[17];
}

/**
 * Builds a valid credit code from its 17 leading characters (check character appended). For demo
 * data and tests.
 */
export function makeCreditCode(first17: string): string {
  const body = normalizeCreditCode(first17);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/.test(body)) {
    throw new RangeError(`not the 17 leading characters of a credit code: ${first17}`);
  }
  return body + creditCodeCheckChar(body);
}

/** The alphabet, for generators. */
export const CREDIT_CODE_ALPHABET = ALPHABET;
