import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from '../calendar/chinese-days-source.js';
import { buildCalendar, cst } from '../calendar/test-factories.js';
import { isWorkingDay, workingDaysBetween, cstDayOf } from '../calendar/work-calendar.js';
import { HANDLING_LEVELS } from '../workflow/case-model.js';
import {
  autoOrderLevel,
  escalationLevel,
  isAnswerable,
  orderDueAt,
  shouldEscalate,
} from './supervision-rules.js';

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
/** A region code of a city, county, township, village or grid. */
const regionCode = fc.constantFrom(4, 6, 9, 12, 15).chain((n) => digits(n));
const levelCode = fc.constantFrom(4, 6, 9, 12).chain((n) => digits(n));

describe('autoOrderLevel', () => {
  it('is the handling level, at least the township', () => {
    expect(autoOrderLevel('371403105200', 'village')).toBe('371403105');
    expect(autoOrderLevel('371403105200', 'township')).toBe('371403105');
    expect(autoOrderLevel('371403105200', 'county')).toBe('371403');
    expect(autoOrderLevel('371403105200', 'city')).toBe('3714');
    expect(autoOrderLevel('371403105', 'village')).toBe('371403105');
  });

  it('is always a supervising ancestor-or-self of the place (property)', () => {
    fc.assert(
      fc.property(digits(12), fc.constantFrom(...HANDLING_LEVELS), (code, level) => {
        const l = autoOrderLevel(code, level);
        expect(code.startsWith(l)).toBe(true);
        expect([4, 6, 9]).toContain(l.length);
      }),
    );
  });
});

describe('escalationLevel', () => {
  it('goes township → county → city, and no further', () => {
    expect(escalationLevel('371403105')).toBe('371403');
    expect(escalationLevel('371403')).toBe('3714');
    expect(escalationLevel('3714')).toBeNull();
    expect(escalationLevel('371403105200')).toBe('371403105');
  });

  it('climbs by prefixes to the city in at most three steps (property)', () => {
    fc.assert(
      fc.property(levelCode, (start) => {
        let code = start;
        let steps = 0;
        for (let next = escalationLevel(code); next !== null; next = escalationLevel(code)) {
          expect(code.startsWith(next)).toBe(true);
          expect(next.length).toBeLessThan(code.length);
          code = next;
          steps += 1;
        }
        expect(code).toBe(start.slice(0, 4));
        expect(steps).toBeLessThanOrEqual(3);
      }),
    );
  });

  it('never leaves the place it started from (property)', () => {
    fc.assert(
      fc.property(regionCode, (code) => {
        const up = escalationLevel(code);
        if (up !== null) expect(code.startsWith(up)).toBe(true);
      }),
    );
  });
});

describe('when an order escalates', () => {
  const due = new Date('2026-10-12T16:00:00Z');
  it('only when unanswered, overdue and below the city', () => {
    const after = new Date(due.getTime() + 1);
    expect(shouldEscalate({ status: 'open', dueAt: due, levelCode: '371403105' }, after)).toBe(true);
    expect(shouldEscalate({ status: 'escalated', dueAt: due, levelCode: '371403' }, after)).toBe(true);
    expect(shouldEscalate({ status: 'answered', dueAt: due, levelCode: '371403105' }, after)).toBe(false);
    expect(shouldEscalate({ status: 'open', dueAt: due, levelCode: '3714' }, after)).toBe(false);
    // due at 24:00 is not yet overdue at 24:00
    expect(shouldEscalate({ status: 'open', dueAt: due, levelCode: '371403105' }, due)).toBe(false);
  });

  it('the lead unit may answer open and escalated orders only', () => {
    expect(isAnswerable('open')).toBe(true);
    expect(isAnswerable('escalated')).toBe(true);
    expect(isAnswerable('answered')).toBe(false);
  });
});

describe('orderDueAt', () => {
  const real = calendarFromChineseDays();

  it('counts the make-up Saturday after National Day 2026 and skips the holiday', () => {
    // issued on the holiday (2 October): the 8th and 9th; on Friday the 9th: Saturday 10th and Monday 12th
    expect(orderDueAt(real, cst('2026-10-02 11:00'), 2).toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(orderDueAt(real, cst('2026-10-09 00:01'), 2).toISOString()).toBe('2026-10-12T16:00:00.000Z');
    // without the make-up day it would be Tuesday the 13th
    const plain = buildCalendar({ holidays: ['2026-10-01'], knownYears: [2026] });
    expect(orderDueAt(plain, cst('2026-10-09 00:01'), 2).toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });

  it('ends at 24:00 CST of a working day, exactly n working days on (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2026-12-20T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 60 }),
        (from, n) => {
          const due = orderDueAt(real, from, n);
          expect(due.getUTCHours()).toBe(16);
          expect(due.getTime()).toBeGreaterThan(from.getTime());
          expect(isWorkingDay(real, cstDayOf(due))).toBe(true);
          expect(workingDaysBetween(real, { from, to: due })).toBe(n);
        },
      ),
    );
  });
});
