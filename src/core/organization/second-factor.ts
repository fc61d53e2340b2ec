// Who must sign in with a second factor (TOTP, RFC 6238): the three administrators, who hold the
// keys of the system, its accounts and its audit trail (三员分立), and the leaders, who see a
// whole city's or county's disputes. Everyone else may add one. Pure: the console shares it.
import type { StaffRole } from '../workflow/case-model.js';

const REQUIRED: readonly StaffRole[] = ['sys_admin', 'security_admin', 'audit_admin', 'leader'];

/** Whether an account of this role may sign in only with a TOTP code. */
export function secondFactorRequired(role: StaffRole | string): boolean {
  return (REQUIRED as readonly string[]).includes(role);
}

/** The TOTP time step (30 s) a moment falls in. */
export function totpStep(atMs: number, periodSeconds = 30): number {
  return Math.floor(atMs / 1000 / periodSeconds);
}

/**
 * Which of the steps a code matched (allowing one step of clock drift either way) may be accepted:
 * the newest one later than the last accepted step, so a code is good once. null: refuse.
 */
export function acceptableStep(
  matchedSteps: readonly number[],
  lastAcceptedStep: number | null,
): number | null {
  const fresh = matchedSteps.filter((s) => lastAcceptedStep === null || s > lastAcceptedStep);
  return fresh.length ? Math.max(...fresh) : null;
}
