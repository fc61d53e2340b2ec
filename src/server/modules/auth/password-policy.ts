/**
 * The password rule (等保 level 3): at least 12 characters, at least three of the four classes
 * (upper, lower, digit, symbol), not containing the username. Returns a reason, or null when fine.
 */
export function checkPasswordPolicy(password: string, username: string): string | null {
  if (password.length < 12) return 'at least 12 characters';
  if (password.length > 256) return 'at most 256 characters';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'at least three of: upper case, lower case, digits, symbols';
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return 'must not contain the username';
  return null;
}
