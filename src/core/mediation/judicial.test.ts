import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNo, dayOfNo } from '../stationing/roster.js';
import {
  isJudicialFinal,
  JUDICIAL_STATES,
  JUDICIAL_STEPS,
  judicialNext,
  lastReferralDay,
  LIVE_JUDICIAL_STATES,
  needsRulingNo,
  withinReferralWindow,
} from './judicial.js';

describe('judicial confirmation (司法确认)', () => {
  it('goes referred → accepted → confirmed or rejected, or is withdrawn before a decision', () => {
    expect(judicialNext('referred', 'accept')).toBe('accepted');
    expect(judicialNext('accepted', 'confirm')).toBe('confirmed');
    expect(judicialNext('referred', 'confirm')).toBe('confirmed');
    expect(judicialNext('accepted', 'reject')).toBe('rejected');
    expect(judicialNext('referred', 'withdraw')).toBe('withdrawn');
    expect(judicialNext('accepted', 'accept')).toBeNull();
    expect(judicialNext('confirmed', 'withdraw')).toBeNull();
    expect(judicialNext('rejected', 'confirm')).toBeNull();
  });

  it('may be applied for within 30 days of the agreement, not before it was signed', () => {
    expect(lastReferralDay('2026-03-20')).toBe('2026-04-19');
    expect(withinReferralWindow('2026-03-20', '2026-03-20')).toBe(true);
    expect(withinReferralWindow('2026-03-20', '2026-04-19')).toBe(true);
    expect(withinReferralWindow('2026-03-20', '2026-04-20')).toBe(false);
    expect(withinReferralWindow('2026-03-20', '2026-03-19')).toBe(false);
    // across a year's end and a leap day
    expect(lastReferralDay('2027-12-15')).toBe('2028-01-14');
    expect(lastReferralDay('2028-02-10')).toBe('2028-03-11');
  });

  it('needs a ruling number to confirm only', () => {
    expect(JUDICIAL_STEPS.filter(needsRulingNo)).toEqual(['confirm']);
  });

  it('never leaves a final state, and a live referral is one not yet rejected or withdrawn', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JUDICIAL_STATES), fc.constantFrom(...JUDICIAL_STEPS), (s, step) => {
        const next = judicialNext(s, step);
        if (isJudicialFinal(s)) expect(next).toBeNull();
        if (next) expect(next).not.toBe(s);
      }),
    );
    expect([...LIVE_JUDICIAL_STATES].sort()).toEqual(
      JUDICIAL_STATES.filter((s) => s !== 'rejected' && s !== 'withdrawn').sort(),
    );
  });

  it('the window is exactly 31 days long, the signing day included', () => {
    const day = fc.integer({ min: dayNo('2024-01-01'), max: dayNo('2030-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: -40, max: 60 }), (signed, offset) => {
        const inside = withinReferralWindow(dayOfNo(signed), dayOfNo(signed + offset));
        expect(inside).toBe(offset >= 0 && offset <= 30);
      }),
    );
  });
});
