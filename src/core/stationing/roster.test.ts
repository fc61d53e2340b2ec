import { describe, expect, it } from 'vitest';
import { buildCalendar, cst } from '../calendar/test-factories.js';
import { isoWeekday, onCallDeadline, onDuty, rosterProblems, type Roster } from './roster.js';

// 2025-10-01..08 National Day holidays; 2025-09-28 (Sun) and 2025-10-11 (Sat) make-up working days.
const cal = buildCalendar({
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  workdays: ['2025-09-28', '2025-10-11'],
});
const cycle = (over: Partial<Roster> = {}): Roster => ({
  kind: 'cycle',
  anchorDay: '2025-09-22', // a Monday
  slots: [['housing'], ['health'], ['market']],
  overrides: new Map(),
  ...over,
});

describe('a rotation roster (轮驻)', () => {
  it('takes turns one working day each from the anchor, nobody on days off', () => {
    const r = cycle();
    expect(onDuty(cal, r, '2025-09-22')).toEqual(['housing']);
    expect(onDuty(cal, r, '2025-09-23')).toEqual(['health']);
    expect(onDuty(cal, r, '2025-09-24')).toEqual(['market']);
    expect(onDuty(cal, r, '2025-09-25')).toEqual(['housing']);
    expect(onDuty(cal, r, '2025-09-27')).toEqual([]); // Saturday
    // 22..26 are 5 working days (indexes 0..4); Sunday 28th is a make-up working day: index 5
    expect(onDuty(cal, r, '2025-09-28')).toEqual(['market']);
    expect(onDuty(cal, r, '2025-10-01')).toEqual([]); // National Day
    // 29, 30 → 6, 7; then the 9th is index 8
    expect(onDuty(cal, r, '2025-10-09')).toEqual(['market']);
  });

  it('counts backwards before the anchor', () => {
    expect(onDuty(cal, cycle(), '2025-09-19')).toEqual(['market']); // Friday before: index -1
  });

  it('lets an override for one day win, including "nobody"', () => {
    const r = cycle({
      overrides: new Map([
        ['2025-09-23', ['police', 'housing']],
        ['2025-09-24', []],
      ]),
    });
    expect(onDuty(cal, r, '2025-09-23')).toEqual(['police', 'housing']);
    expect(onDuty(cal, r, '2025-09-24')).toEqual([]);
    expect(onDuty(cal, r, '2025-09-25')).toEqual(['housing']); // the pattern goes on unchanged
  });

  it('reads a weekly roster by weekday, holidays included', () => {
    const slots = [['a'], ['b'], ['c'], ['d'], ['e'], [], []];
    const r: Roster = { kind: 'weekly', anchorDay: '2025-01-01', slots, overrides: new Map() };
    expect(isoWeekday('2025-09-22')).toBe(1);
    expect(onDuty(cal, r, '2025-09-24')).toEqual(['c']);
    expect(onDuty(cal, r, '2025-09-28')).toEqual([]);
  });

  it('names what is wrong with a roster', () => {
    expect(rosterProblems({ kind: 'cycle', anchorDay: '2025-02-30', slots: [] })).toEqual([
      'bad_day',
      'no_slots',
    ]);
    expect(rosterProblems({ kind: 'weekly', anchorDay: '2025-01-01', slots: [['a']] })).toEqual([
      'weekly_needs_7',
    ]);
    expect(rosterProblems({ kind: 'cycle', anchorDay: '2025-01-01', slots: [['a'], []] })).toEqual([
      'empty_slot',
    ]);
  });
});

describe('the on-call response deadline (随叫随驻)', () => {
  it('is N minutes later within a working day', () => {
    expect(onCallDeadline(cal, cst('2025-09-22 10:00'), 30)).toEqual(cst('2025-09-22 10:30'));
  });

  it('skips days off: a Friday-night call carries over to Monday', () => {
    // Friday 23:30 + 60 min: 30 min on Friday, 30 min from Monday 00:00
    expect(onCallDeadline(cal, cst('2025-09-26 23:30'), 60)).toEqual(cst('2025-09-28 00:30'));
    expect(onCallDeadline(cal, cst('2025-10-04 09:00'), 120)).toEqual(cst('2025-10-09 02:00'));
  });

  it('refuses a negative time', () => {
    expect(() => onCallDeadline(cal, cst('2025-09-22 10:00'), -1)).toThrow(RangeError);
  });
});
