// Initial and reset passwords: shown once to the security administrator, who hands them over;
// the account must change it at its next log-in. Random from the OS, and always within the
// password policy (等保 level 3), so the user's first log-in never trips on the rule.
import { randomInt } from 'node:crypto';
import { checkPasswordPolicy } from '../auth/password-policy.js';

// No look-alikes (0/O/o, 1/l/I, 5/S, 2/Z), so the password survives being read aloud or copied by hand.
const UPPER = 'ABCDEFGHJKMNPQRTUVWXY';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '346789';
const SYMBOLS = '@#%+=?';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;
export const ONE_TIME_PASSWORD_LENGTH = 14;

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;

/** A fresh password that meets the policy and does not contain the username. */
export function oneTimePassword(username: string): string {
  for (;;) {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < ONE_TIME_PASSWORD_LENGTH) chars.push(pick(ALL));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (checkPasswordPolicy(password, username) === null) return password;
  }
}
