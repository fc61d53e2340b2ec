import { passwordProblem, type PasswordProblem } from '../../../core/organization/password-rule.js';

const REASONS: Record<PasswordProblem, string> = {
  too_short: 'at least 12 characters',
  too_long: 'at most 256 characters',
  classes: 'at least three of: upper case, lower case, digits, symbols',
  contains_username: 'must not contain the username',
};

/**
 * The password rule (等保 level 3): at least 12 characters, at least three of the four classes
 * (upper, lower, digit, symbol), not containing the username. Returns a reason, or null when fine.
 * The rule itself is core/organization/password-rule.ts, shared with the console.
 */
export function checkPasswordPolicy(password: string, username: string): string | null {
  const problem = passwordProblem(password, username);
  return problem === null ? null : REASONS[problem];
}
