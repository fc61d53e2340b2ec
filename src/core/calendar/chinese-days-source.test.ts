import { getDayDetail } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from './chinese-days-source.js';
import { addWorkingDays, endOfCstDay, isWorkingDay, unknownYears } from './work-calendar.js';
import { cst } from './test-factories.js';

const cal = calendarFromChineseDays();

describe('the chinese-days calendar', () => {
  it('knows every year from 2004 through 2026', () => {
    for (let y = 2004; y <= 2026; y += 1) expect(cal.knownYears.has(y)).toBe(true);
    expect(unknownYears(cal, [2003, 2025, 2026, 2099])).toEqual([2003, 2099]);
  });
  it('gives National Day 2025 off and makes Sunday 2025-09-28 and Saturday 2025-10-11 working days', () => {
    for (let d = 1; d <= 8; d += 1) expect(isWorkingDay(cal, `2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2025-09-28')).toBe(true);
    expect(isWorkingDay(cal, '2025-10-11')).toBe(true);
  });
  it('gives New Year 2026 (1–3 January) off and makes Sunday 2026-01-04 a working day', () => {
    expect(isWorkingDay(cal, '2026-01-01')).toBe(false);
    expect(isWorkingDay(cal, '2026-01-02')).toBe(false);
    expect(isWorkingDay(cal, '2026-01-04')).toBe(true);
  });
  it('falls back to weekends in 2099: 1 October (a Thursday) is a working day', () => {
    expect(isWorkingDay(cal, '2099-10-01')).toBe(true);
    expect(isWorkingDay(cal, '2099-10-03')).toBe(false);
  });
  it('lists make-up working days only on weekends and never as holidays too', () => {
    expect(cal.workdays.size).toBeGreaterThan(100);
    for (const day of cal.workdays) {
      expect([0, 6]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
      expect(cal.holidays.has(day)).toBe(false);
    }
  });
  it('makes a case registered Friday 2025-09-26 due on the make-up Sunday, and one from 30 September after the holiday', () => {
    expect(addWorkingDays(cal, { from: cst('2025-09-26 15:00'), days: 1 })).toEqual(
      endOfCstDay('2025-09-28'),
    );
    expect(addWorkingDays(cal, { from: cst('2025-09-30 15:00'), days: 1 })).toEqual(
      endOfCstDay('2025-10-09'),
    );
    expect(addWorkingDays(cal, { from: cst('2025-09-30 15:00'), days: 3 })).toEqual(
      endOfCstDay('2025-10-11'),
    );
  });
  // chinese-days builds its own tables with UTC parsing and local-time formatting, so west of UTC its
  // functions are a day off (the reason we read its JSON); the cross-check holds from UTC eastwards.
  const westOfUtc = new Date(2025, 0, 1).getTimezoneOffset() > 0;
  it.skipIf(westOfUtc)('agrees with the package’s own answer on every day it knows', () => {
    for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const local = new Date(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
      expect.soft(isWorkingDay(cal, day), day).toBe(getDayDetail(local).work);
    }
  });
  it('rejects data whose keys are not days', () => {
    expect(() =>
      calendarFromChineseDays({ holidays: { '2025/10/01': 'x' }, workdays: {}, inLieuDays: {} }),
    ).toThrow(/unexpected day key/);
  });
});
