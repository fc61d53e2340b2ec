import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from './chinese-days-source.js';
import { arrangementOf, checkArrangement, withYears, type YearArrangement } from './calendar-years.js';
import { cst } from './test-factories.js';
import { addWorkingDays, isWorkingDay } from './work-calendar.js';

const base = calendarFromChineseDays();

// A plausible 2027 (not published when chinese-days 1.5 was released): New Year, Spring Festival
// with two make-up Saturdays/Sundays, National Day.
const y2027: YearArrangement = {
  year: 2027,
  holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-10-01'],
  workdays: ['2027-01-31', '2027-02-20'],
};

describe('checkArrangement', () => {
  it('accepts a real arrangement', () => {
    expect(checkArrangement(y2027)).toBeNull();
    expect(checkArrangement(arrangementOf(base, 2026))).toBeNull();
  });

  it('names the first bad day', () => {
    const at = (holidays: string[], workdays: string[] = []) =>
      checkArrangement({ year: 2027, holidays, workdays });
    expect(at(['2027-02-30'])).toEqual({ key: 'calendar.bad_day', day: '2027-02-30' });
    expect(at(['27-01-01'])).toEqual({ key: 'calendar.bad_day', day: '27-01-01' });
    expect(at(['2026-12-31'])).toEqual({ key: 'calendar.day_outside_year', day: '2026-12-31' });
    expect(at(['2027-01-01', '2027-01-01'])).toEqual({ key: 'calendar.duplicate_day', day: '2027-01-01' });
    expect(at(['2027-01-30'], ['2027-01-30'])).toEqual({ key: 'calendar.overlap', day: '2027-01-30' });
    // 2027-02-22 is a Monday: a working day anyway
    expect(at([], ['2027-02-22'])).toEqual({ key: 'calendar.workday_not_weekend', day: '2027-02-22' });
  });
});

describe('withYears', () => {
  it('fills a year the package does not know', () => {
    expect(base.knownYears.has(2027)).toBe(false);
    const cal = withYears(base, [y2027]);
    expect(cal.knownYears.has(2027)).toBe(true);
    expect(isWorkingDay(cal, '2027-02-08')).toBe(false); // a Monday off
    expect(isWorkingDay(cal, '2027-01-31')).toBe(true); // a make-up Sunday
    expect(isWorkingDay(base, '2027-01-31')).toBe(false);
    // Thursday 2027-02-04 15:00 + 1 working day: Friday to Monday off, so the end of Tue 2027-02-09
    expect(addWorkingDays(cal, { from: cst('2027-02-04 15:00'), days: 1 })).toEqual(cst('2027-02-10 00:00'));
  });

  it('replaces a known year entirely and leaves other years alone', () => {
    const cal = withYears(base, [{ year: 2026, holidays: ['2026-01-01'], workdays: [] }]);
    expect(isWorkingDay(cal, '2026-10-01')).toBe(true); // National Day removed by the edit
    expect(isWorkingDay(cal, '2026-01-04')).toBe(false); // a make-up Sunday removed
    expect(arrangementOf(cal, 2025)).toEqual(arrangementOf(base, 2025));
  });

  const day = (year: number) =>
    fc
      .integer({ min: 0, max: 364 })
      .map((n) => new Date(Date.UTC(year, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const arrangement = fc
    .integer({ min: 2024, max: 2028 })
    .chain((year) =>
      fc
        .uniqueArray(day(year), { maxLength: 20 })
        .map((days) => ({ year, holidays: days.filter((_, i) => i % 3 !== 0), workdays: [] as string[] })),
    );

  it('property: the loaded year reads back exactly; other years are the base’s', () => {
    fc.assert(
      fc.property(arrangement, fc.integer({ min: 2004, max: 2028 }), (a, other) => {
        const cal = withYears(base, [a]);
        expect(arrangementOf(cal, a.year)).toEqual({ ...a, holidays: [...a.holidays].sort() });
        if (other !== a.year) expect(arrangementOf(cal, other)).toEqual(arrangementOf(base, other));
        expect(cal.knownYears.has(a.year)).toBe(true);
        for (const y of base.knownYears) expect(cal.knownYears.has(y)).toBe(true);
      }),
    );
  });

  it('property: applying the same years again changes nothing (idempotent)', () => {
    fc.assert(
      fc.property(fc.array(arrangement, { maxLength: 4 }), (years) => {
        const once = withYears(base, years);
        const twice = withYears(once, years);
        for (const y of [2024, 2025, 2026, 2027, 2028]) {
          expect(arrangementOf(twice, y)).toEqual(arrangementOf(once, y));
        }
        expect([...twice.knownYears].sort()).toEqual([...once.knownYears].sort());
      }),
    );
  });
});
