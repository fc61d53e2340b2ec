import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from '../auth/password-policy.js';
import { ONE_TIME_PASSWORD_LENGTH, oneTimePassword } from './one-time-password.js';

describe('one-time passwords', () => {
  it('always meet the password policy, carry all four classes, avoid look-alikes and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const username = i % 2 ? 'abc' : 'clerk.shentou';
      const p = oneTimePassword(username);
      expect(p).toHaveLength(ONE_TIME_PASSWORD_LENGTH);
      expect(checkPasswordPolicy(p, username)).toBeNull();
      for (const r of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(r);
      expect(p).not.toMatch(/[0O1lIo5S2Z]/);
      seen.add(p);
    }
    expect(seen.size).toBe(2000);
  });
});
