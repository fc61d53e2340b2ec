// The password rule (等保 level 3): at least 12 characters, at least three of the four classes
// (upper, lower, digit, symbol), not containing the username. Pure, so the console checks a new
// password as it is typed by the very rule the server applies.

export type PasswordProblem = 'too_short' | 'too_long' | 'classes' | 'contains_username';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** What is wrong with a password, or null when it meets the rule. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'classes';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'contains_username';
  return null;
}
