import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-rule.js';

describe('the password rule', () => {
  it('names the first problem of a password', () => {
    expect(passwordProblem('Yimen@Demo2026', 'clerk.shentou')).toBeNull();
    expect(passwordProblem('Ab1@', 'x')).toBe('too_short');
    expect(passwordProblem('A1@'.repeat(90), 'x')).toBe('too_long');
    expect(passwordProblem('onlylowercase1', 'x')).toBe('classes');
    expect(passwordProblem('My.clerk.shentou1', 'Clerk.Shentou')).toBe('contains_username');
  });

  it('accepts exactly the passwords of 12–256 characters with three classes that avoid the username', () => {
    const chars = fc.constantFrom(...'aZ9@bY8#cX7%'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: chars, minLength: 0, maxLength: 40 }),
        fc.constantFrom('', 'abc', 'a9'),
        (p, u) => {
          const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
          const ok = p.length >= 12 && classes >= 3 && !(u && p.toLowerCase().includes(u));
          expect(passwordProblem(p, u) === null).toBe(ok);
        },
      ),
    );
  });
});
