import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from './chinese-days-source.js';
import { addWorkingDays, cstDayOf, endOfCstDay, isWorkingDay, workingDaysBetween } from './work-calendar.js';

// The real statutory data (2004–2026) plus a margin of unknown years on both sides.
const cal = calendarFromChineseDays();
const DAY_MS = 86_400_000;
const instant = fc.date({
  min: new Date('2003-06-01T00:00:00Z'),
  max: new Date('2028-06-30T00:00:00Z'),
  noInvalidDate: true,
});
const smallN = fc.integer({ min: 0, max: 40 });
const hourOfDay = fc.integer({ min: 0, max: 24 * 60 - 1 }); // minutes after 00:00 CST

/** Independent oracle built from the raw sets and the UTC weekday. */
function oracleWorking(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (cal.knownYears.has(year) && cal.workdays.has(day)) return true;
  if (cal.knownYears.has(year) && cal.holidays.has(day)) return false;
  return weekday !== 0 && weekday !== 6;
}

function daysAfter(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** An instant inside the CST day before `day`, `minutes` after its midnight (never exactly at it). */
function onDayBefore(day: string, minutes: number): Date {
  return new Date(endOfCstDay(daysAfter(day, -2)).getTime() + minutes * 60_000 + 1);
}

describe('addWorkingDays properties', () => {
  it('is strictly monotone in the number of days', () => {
    fc.assert(
      fc.property(instant, smallN, smallN, (from, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const dLo = addWorkingDays(cal, { from, days: lo }).getTime();
        const dHi = addWorkingDays(cal, { from, days: hi }).getTime();
        expect(lo === hi ? dLo === dHi : dLo < dHi).toBe(true);
      }),
    );
  });
  it('is monotone in the start instant', () => {
    fc.assert(
      fc.property(instant, instant, smallN, (x, y, days) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        const a = addWorkingDays(cal, { from: early, days });
        const b = addWorkingDays(cal, { from: late, days });
        expect(a.getTime()).toBeLessThanOrEqual(b.getTime());
      }),
    );
  });
  it('always ends at 24:00 CST of a working day (of the start day when adding 0)', () => {
    fc.assert(
      fc.property(instant, smallN, (from, days) => {
        const due = addWorkingDays(cal, { from, days });
        const day = cstDayOf(due);
        expect(due).toEqual(endOfCstDay(day));
        if (days === 0) expect(day).toBe(cstDayOf(from));
        else expect(oracleWorking(day)).toBe(true);
      }),
    );
  });
  it('skips holidays and weekends and counts make-up days, as the oracle does', () => {
    fc.assert(
      fc.property(instant, smallN, (from, days) => {
        const start = cstDayOf(from);
        const end = cstDayOf(addWorkingDays(cal, { from, days }));
        let counted = 0;
        for (let d = daysAfter(start, 1); d <= end; d = daysAfter(d, 1)) if (oracleWorking(d)) counted += 1;
        expect(counted).toBe(days);
      }),
    );
  });
  it('lands on a make-up day when started the day before it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cal.workdays), hourOfDay, (makeUp, minutes) => {
        const due = addWorkingDays(cal, { from: onDayBefore(makeUp, minutes), days: 1 });
        expect(due).toEqual(endOfCstDay(makeUp));
      }),
    );
  });
  it('never lands on a holiday, and jumps past one started the day before it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cal.holidays),
        hourOfDay,
        fc.integer({ min: 1, max: 5 }),
        (holiday, minutes, days) => {
          const due = addWorkingDays(cal, { from: onDayBefore(holiday, minutes), days });
          expect(cstDayOf(due) > holiday).toBe(true);
          expect(cal.holidays.has(cstDayOf(due))).toBe(false);
        },
      ),
    );
  });
  it('adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(instant, smallN, smallN, fc.boolean(), (at, a, b, atEndOfDay) => {
        const from = atEndOfDay ? endOfCstDay(cstDayOf(at)) : at;
        const stepwise = addWorkingDays(cal, { from: addWorkingDays(cal, { from, days: a }), days: b });
        expect(stepwise).toEqual(addWorkingDays(cal, { from, days: a + b }));
      }),
    );
  });
});

describe('workingDaysBetween properties', () => {
  it('undoes addWorkingDays', () => {
    fc.assert(
      fc.property(instant, smallN, (from, days) => {
        expect(workingDaysBetween(cal, { from, to: addWorkingDays(cal, { from, days }) })).toBe(days);
      }),
    );
  });
  it('adds up over consecutive spans and is 0 backwards', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const ab = workingDaysBetween(cal, { from: a, to: b });
        const bc = workingDaysBetween(cal, { from: b, to: c });
        expect(workingDaysBetween(cal, { from: a, to: c })).toBe(ab + bc);
        expect(workingDaysBetween(cal, { from: c, to: a })).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

describe('unknown years', () => {
  it('are Monday to Friday, whatever the data', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2030, 0, 1) / DAY_MS, max: Date.UTC(2199, 11, 31) / DAY_MS }),
        (n) => {
          const day = new Date(n * DAY_MS).toISOString().slice(0, 10);
          const weekday = new Date(n * DAY_MS).getUTCDay();
          expect(isWorkingDay(cal, day)).toBe(weekday >= 1 && weekday <= 5);
        },
      ),
    );
  });
});
