import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, cst } from '../calendar/test-factories.js';
import { isWorkingDay, cstDayOf } from '../calendar/work-calendar.js';
import {
  REPORT_STATUSES,
  REPORT_TYPES,
  concludedInTime,
  monthsFrom,
  nextStatus,
  occurredAtProblem,
  periodOf,
  reportDeadline,
  reportLight,
} from './grid-rules.js';

// 2025-10-01..08 National Day holiday, 2025-09-28 (Sunday) and 10-11 (Saturday) make-up working days
const cal = buildCalendar({
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  workdays: ['2025-09-28', '2025-10-11'],
});
const instant = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2027-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('report time limits', () => {
  it('gives fire and public security one working day, the environment three', () => {
    const friday = cst('2025-03-14 15:00');
    expect(reportDeadline(cal, 'fire', friday)).toEqual(cst('2025-03-18 00:00')); // end of Monday
    expect(reportDeadline(cal, 'public_security', friday)).toEqual(cst('2025-03-18 00:00'));
    expect(reportDeadline(cal, 'environment', friday)).toEqual(cst('2025-03-20 00:00')); // end of Wednesday
  });

  it('skips statutory holidays and counts make-up working days', () => {
    // reported on 30 September: 1–8 October off, 9 October is the first working day
    expect(reportDeadline(cal, 'fire', cst('2025-09-30 10:00'))).toEqual(cst('2025-10-10 00:00'));
    // reported on Saturday 27 September: Sunday 28 is a make-up working day
    expect(reportDeadline(cal, 'fire', cst('2025-09-27 10:00'))).toEqual(cst('2025-09-29 00:00'));
  });

  it('has none for a dispute: the case has its own clock', () => {
    expect(reportDeadline(cal, 'dispute', cst('2025-03-14 15:00'))).toBeNull();
  });

  it('always ends at the end of a working day after the report', () => {
    const types = REPORT_TYPES.filter((t) => t !== 'dispute');
    fc.assert(
      fc.property(instant, fc.constantFrom(...types), (at, type) => {
        const d = reportDeadline(cal, type, at)!;
        expect(d.getTime()).toBeGreaterThan(at.getTime());
        // 24:00 CST belongs to the day it ends
        expect(isWorkingDay(cal, cstDayOf(d))).toBe(true);
        expect((d.getTime() + 8 * 3600_000) % 86_400_000).toBe(0);
      }),
    );
  });

  it('a later report never gets an earlier deadline', () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom('fire', 'traffic', 'other' as const), (a, b, type) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(reportDeadline(cal, type, hi)!.getTime()).toBeGreaterThanOrEqual(
          reportDeadline(cal, type, lo)!.getTime(),
        );
      }),
    );
  });
});

describe('report light', () => {
  const reportedAt = cst('2025-03-17 09:00');
  const deadline = cst('2025-03-20 00:00');
  it('is green, yellow from two thirds of the time, red when overdue', () => {
    const at = (s: string) => reportLight({ now: cst(s), reportedAt, deadline, concludedAt: null });
    expect(at('2025-03-17 10:00')).toBe('green');
    expect(at('2025-03-19 04:00')).toBe('yellow');
    expect(at('2025-03-20 00:01')).toBe('red');
  });

  it('keeps the light it had when concluded', () => {
    const late = cst('2025-03-20 10:00');
    expect(
      reportLight({
        now: cst('2025-04-01 00:00'),
        reportedAt,
        deadline,
        concludedAt: cst('2025-03-17 12:00'),
      }),
    ).toBe('green');
    expect(reportLight({ now: cst('2025-04-01 00:00'), reportedAt, deadline, concludedAt: late })).toBe(
      'red',
    );
    expect(concludedInTime(deadline, late)).toBe(false);
    expect(concludedInTime(deadline, deadline)).toBe(true);
    expect(concludedInTime(null, late)).toBe(false);
  });

  it('never turns from red back to green as time passes', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (start, a, b) => {
          const dl = reportDeadline(cal, 'other', start)!;
          const rank = { green: 0, yellow: 1, red: 2 } as const;
          const l1 = reportLight({
            now: new Date(start.getTime() + Math.min(a, b)),
            reportedAt: start,
            deadline: dl,
            concludedAt: null,
          })!;
          const l2 = reportLight({
            now: new Date(start.getTime() + Math.max(a, b)),
            reportedAt: start,
            deadline: dl,
            concludedAt: null,
          })!;
          expect(rank[l2]).toBeGreaterThanOrEqual(rank[l1]);
        },
      ),
    );
  });
});

describe('the report loop', () => {
  it('assigns until concluded, then refuses everything', () => {
    expect(nextStatus('fire', 'reported', 'assign', true)).toEqual({ ok: true, status: 'assigned' });
    expect(nextStatus('fire', 'assigned', 'assign', true)).toEqual({ ok: true, status: 'assigned' });
    expect(nextStatus('fire', 'assigned', 'conclude', false)).toEqual({ ok: true, status: 'concluded' });
    expect(nextStatus('fire', 'concluded', 'conclude', true)).toEqual({
      ok: false,
      error: 'report_concluded',
    });
  });

  it('lets the unit conclude only what was assigned; the dispatcher also what needed no unit', () => {
    expect(nextStatus('traffic', 'reported', 'conclude', false)).toEqual({
      ok: false,
      error: 'not_assigned',
    });
    expect(nextStatus('traffic', 'reported', 'conclude', true)).toEqual({ ok: true, status: 'concluded' });
  });

  it('never moves a dispute (its case does) and never leaves concluded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REPORT_TYPES),
        fc.constantFrom(...REPORT_STATUSES),
        fc.constantFrom('assign' as const, 'conclude' as const),
        fc.boolean(),
        (type, status, step, byDispatcher) => {
          const r = nextStatus(type, status, step, byDispatcher);
          if (type === 'dispute' || status === 'concluded') expect(r.ok).toBe(false);
          if (r.ok) expect(r.status).toBe(step === 'assign' ? 'assigned' : 'concluded');
        },
      ),
    );
  });
});

describe('plan periods', () => {
  it('are today, Monday to Sunday, the calendar month, in China time', () => {
    const now = cst('2026-03-18 23:30'); // a Wednesday
    expect(periodOf('day', now)).toMatchObject({
      from: cst('2026-03-18 00:00'),
      to: cst('2026-03-19 00:00'),
    });
    expect(periodOf('week', now)).toMatchObject({
      from: cst('2026-03-16 00:00'),
      to: cst('2026-03-23 00:00'),
    });
    expect(periodOf('month', now)).toMatchObject({
      from: cst('2026-03-01 00:00'),
      to: cst('2026-04-01 00:00'),
    });
    expect(periodOf('month', cst('2026-12-31 12:00')).to).toEqual(cst('2027-01-01 00:00'));
    // Sunday belongs to the week that began on Monday
    expect(periodOf('week', cst('2026-03-22 08:00')).from).toEqual(cst('2026-03-16 00:00'));
  });

  it('contain the instant, and the next period starts where this one ends', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (now, every) => {
          const p = periodOf(every, now);
          expect(p.from.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(now.getTime()).toBeLessThan(p.to.getTime());
          expect(periodOf(every, p.to).from).toEqual(p.to);
          expect(periodOf(every, new Date(p.to.getTime() - 1)).from).toEqual(p.from);
        },
      ),
    );
  });

  it('lists months from the current one, across the year end', () => {
    expect(monthsFrom(cst('2026-11-30 23:59'), 3)).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
    expect(monthsFrom(cst('2026-12-01 00:00'), 1)).toEqual(['2026-12-01']);
  });
});

describe('occurred-at plausibility', () => {
  const now = cst('2026-03-15 10:00');
  it('tolerates a phone clock five minutes ahead, not more; refuses more than 30 days back', () => {
    expect(occurredAtProblem(cst('2026-03-15 10:04'), now)).toBeNull();
    expect(occurredAtProblem(cst('2026-03-15 10:06'), now)).toBe('future');
    expect(occurredAtProblem(cst('2026-02-14 10:01'), now)).toBeNull();
    expect(occurredAtProblem(cst('2026-02-13 09:59'), now)).toBe('too_old');
  });
});
