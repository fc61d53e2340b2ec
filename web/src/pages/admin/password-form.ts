// The change-password form's checks, by the rule the server applies (core/organization/password-rule.ts).
import { passwordProblem, type PasswordProblem } from '../../../../src/core/organization/password-rule';

export type PasswordFormProblem = PasswordProblem | 'same' | 'mismatch';

/** What is wrong with the new password as typed, or null: the server would accept it. */
export function newPasswordProblem(
  username: string,
  current: string,
  next: string,
  confirm: string | undefined,
): PasswordFormProblem | null {
  const rule = passwordProblem(next, username);
  if (rule) return rule;
  if (next === current) return 'same';
  if (confirm !== undefined && confirm !== next) return 'mismatch';
  return null;
}
