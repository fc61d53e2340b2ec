import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from '../calendar/chinese-days-source.js';
import { isWorkingDay } from '../calendar/work-calendar.js';
import { dayNo, dayOfNo, onCallDeadline, onDuty, type Roster } from './roster.js';

const cal = calendarFromChineseDays();
const day = fc.integer({ min: dayNo('2024-01-01'), max: dayNo('2027-12-31') }).map(dayOfNo);
const slots = fc.array(fc.array(fc.uuid(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 });

describe('rotation roster properties', () => {
  it('walks the slots in order over consecutive working days, wrapping around', () => {
    fc.assert(
      fc.property(day, day, slots, (anchor, from, s) => {
        const r: Roster = { kind: 'cycle', anchorDay: anchor, slots: s, overrides: new Map() };
        const working: string[] = [];
        for (let n = dayNo(from); working.length < s.length + 2; n += 1) {
          const d = dayOfNo(n);
          if (isWorkingDay(cal, d)) working.push(d);
          else expect(onDuty(cal, r, d)).toEqual([]);
        }
        const first = s.indexOf(onDuty(cal, r, working[0]!) as string[]);
        expect(first).toBeGreaterThanOrEqual(0);
        working.forEach((d, i) => expect(onDuty(cal, r, d)).toBe(s[(first + i) % s.length]));
      }),
      { numRuns: 150 },
    );
  });

  it('an override decides its day and no other', () => {
    fc.assert(
      fc.property(day, day, day, slots, fc.array(fc.uuid(), { maxLength: 3 }), (anchor, o, other, s, who) => {
        const plain: Roster = { kind: 'cycle', anchorDay: anchor, slots: s, overrides: new Map() };
        const r: Roster = { ...plain, overrides: new Map([[o, who]]) };
        expect(onDuty(cal, r, o)).toEqual(who);
        if (other !== o) expect(onDuty(cal, r, other)).toEqual(onDuty(cal, plain, other));
      }),
      { numRuns: 150 },
    );
  });
});

describe('on-call deadline properties', () => {
  const instant = fc.date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2027-06-30T00:00:00Z'),
    noInvalidDate: true,
  });
  const minutes = fc.integer({ min: 0, max: 5 * 24 * 60 });

  it('is never earlier than the plain clock and grows with the minutes', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (at, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const dLo = onCallDeadline(cal, at, lo);
        expect(dLo.getTime()).toBeGreaterThanOrEqual(at.getTime() + lo * 60_000);
        expect(onCallDeadline(cal, at, hi).getTime() - dLo.getTime()).toBeGreaterThanOrEqual(
          (hi - lo) * 60_000,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('adds exactly N minutes when the call and its deadline fall on one working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 240 }), (at, m) => {
        const plain = new Date(at.getTime() + m * 60_000);
        const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
        fc.pre(dayOf(at) === dayOf(plain) && isWorkingDay(cal, dayOf(at)));
        expect(onCallDeadline(cal, at, m)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});
