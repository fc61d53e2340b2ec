import { describe, expect, it } from 'vitest';
import { buildCalendar, cst } from './test-factories.js';
import {
  addWorkingDays,
  cstDayOf,
  endOfCstDay,
  isWorkingDay,
  unknownYears,
  workingDaysBetween,
} from './work-calendar.js';

// March 2025: Fri 14, Sat 15, Sun 16, Mon 17, Tue 18.
describe('isWorkingDay', () => {
  it('counts Monday to Friday and not the weekend in a plain week', () => {
    const cal = buildCalendar();
    expect(isWorkingDay(cal, '2025-03-14')).toBe(true);
    expect(isWorkingDay(cal, '2025-03-15')).toBe(false);
    expect(isWorkingDay(cal, '2025-03-16')).toBe(false);
  });
  it('makes a holiday a day off and a make-up Saturday a working day', () => {
    const cal = buildCalendar({ holidays: ['2025-03-17'], workdays: ['2025-03-15'] });
    expect(isWorkingDay(cal, '2025-03-17')).toBe(false);
    expect(isWorkingDay(cal, '2025-03-15')).toBe(true);
  });
  it('ignores holiday entries of a year it does not know and falls back to weekends', () => {
    const cal = buildCalendar({ holidays: ['2030-10-01'], workdays: ['2030-09-29'], knownYears: [2025] });
    expect(isWorkingDay(cal, '2030-10-01')).toBe(true); // a Tuesday
    expect(isWorkingDay(cal, '2030-09-29')).toBe(false); // a Sunday
  });
  it('rejects malformed and impossible days', () => {
    const cal = buildCalendar();
    expect(() => isWorkingDay(cal, '2025-3-14')).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2025-02-30')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('makes "accept within 1 working day" registered Friday 15:00 due at the end of Monday', () => {
    const due = addWorkingDays(buildCalendar(), { from: cst('2025-03-14 15:00'), days: 1 });
    expect(due.toISOString()).toBe('2025-03-17T16:00:00.000Z');
    expect(due).toEqual(endOfCstDay('2025-03-17'));
  });
  it('skips a Monday holiday to the end of Tuesday', () => {
    const cal = buildCalendar({ holidays: ['2025-03-17'] });
    expect(addWorkingDays(cal, { from: cst('2025-03-14 15:00'), days: 1 })).toEqual(
      endOfCstDay('2025-03-18'),
    );
  });
  it('counts a make-up Saturday', () => {
    const cal = buildCalendar({ workdays: ['2025-03-15'] });
    expect(addWorkingDays(cal, { from: cst('2025-03-14 15:00'), days: 1 })).toEqual(
      endOfCstDay('2025-03-15'),
    );
  });
  it('never counts the day of from, even at one minute past midnight', () => {
    const cal = buildCalendar();
    expect(addWorkingDays(cal, { from: cst('2025-03-13 00:01'), days: 1 })).toEqual(
      endOfCstDay('2025-03-14'),
    );
  });
  it('with 0 days is due at the end of the day of from, even on a weekend', () => {
    const cal = buildCalendar();
    expect(addWorkingDays(cal, { from: cst('2025-03-15 09:00'), days: 0 })).toEqual(
      endOfCstDay('2025-03-15'),
    );
  });
  it('treats an instant at exactly 24:00 as the end of the day it closes', () => {
    const cal = buildCalendar();
    const thursdayEnd = endOfCstDay('2025-03-13');
    expect(cstDayOf(thursdayEnd)).toBe('2025-03-13');
    expect(addWorkingDays(cal, { from: thursdayEnd, days: 1 })).toEqual(endOfCstDay('2025-03-14'));
    const fridayStart = new Date(thursdayEnd.getTime() + 1);
    expect(cstDayOf(fridayStart)).toBe('2025-03-14');
    expect(addWorkingDays(cal, { from: fridayStart, days: 1 })).toEqual(endOfCstDay('2025-03-17'));
  });
  it('runs across a year it does not know on weekends alone', () => {
    const cal = buildCalendar({ knownYears: [2025] });
    // 2099-01-02 is a Friday.
    expect(addWorkingDays(cal, { from: cst('2099-01-02 15:00'), days: 1 })).toEqual(
      endOfCstDay('2099-01-05'),
    );
  });
  it('rejects negative or fractional day counts', () => {
    const cal = buildCalendar();
    expect(() => addWorkingDays(cal, { from: cst('2025-03-14 15:00'), days: -1 })).toThrow(RangeError);
    expect(() => addWorkingDays(cal, { from: cst('2025-03-14 15:00'), days: 1.5 })).toThrow(RangeError);
    expect(() => addWorkingDays(cal, { from: new Date(Number.NaN), days: 1 })).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the day of from up to and including the day of to', () => {
    const cal = buildCalendar({ holidays: ['2025-03-18'] });
    // Sat, Sun, Mon 17, (Tue 18 holiday), Wed 19 → 2 working days.
    expect(workingDaysBetween(cal, { from: cst('2025-03-14 15:00'), to: cst('2025-03-19 08:00') })).toBe(2);
  });
  it('is 0 on the same day and when to is before from', () => {
    const cal = buildCalendar();
    expect(workingDaysBetween(cal, { from: cst('2025-03-14 09:00'), to: cst('2025-03-14 23:00') })).toBe(0);
    expect(workingDaysBetween(cal, { from: cst('2025-03-17 09:00'), to: cst('2025-03-10 09:00') })).toBe(0);
  });
});

describe('unknownYears', () => {
  it('lists the years that fall back to weekends, once each and ascending', () => {
    const cal = buildCalendar({ knownYears: [2025, 2026] });
    expect(unknownYears(cal, [2099, 2026, 2027, 2099, 2025])).toEqual([2027, 2099]);
    expect(unknownYears(cal, [2025])).toEqual([]);
  });
});
