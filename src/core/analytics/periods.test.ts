import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseRates, gridRates, rate, sumCounts } from './kpis.js';
import {
  MAX_PERIOD_DAYS,
  addDays,
  bucketStart,
  bucketsOf,
  dayNumber,
  daysIn,
  periodProblem,
  splitByMonths,
  type Granularity,
} from './periods.js';

describe('periods', () => {
  it('starts weeks on Monday and months on the 1st', () => {
    expect(bucketStart('2026-03-15', 'week')).toBe('2026-03-09'); // a Sunday → its Monday
    expect(bucketStart('2026-03-16', 'week')).toBe('2026-03-16');
    expect(bucketStart('2026-03-15', 'month')).toBe('2026-03-01');
  });

  it('cuts a period into buckets clipped to it', () => {
    expect(bucketsOf('2026-02-25', '2026-04-02', 'month')).toEqual([
      { from: '2026-02-25', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-02' },
    ]);
    expect(bucketsOf('2026-03-11', '2026-03-24', 'week')).toEqual([
      { from: '2026-03-11', to: '2026-03-15' },
      { from: '2026-03-16', to: '2026-03-22' },
      { from: '2026-03-23', to: '2026-03-24' },
    ]);
  });

  it('buckets tile the period without gaps or overlaps, whatever the granularity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom<Granularity>('day', 'week', 'month'),
        (offset, length, g) => {
          const from = addDays('2024-01-01', offset);
          const to = addDays(from, length);
          const b = bucketsOf(from, to, g);
          expect(b[0]!.from).toBe(from);
          expect(b.at(-1)!.to).toBe(to);
          for (let i = 1; i < b.length; i++) expect(b[i]!.from).toBe(addDays(b[i - 1]!.to, 1));
          for (const x of b) {
            // each bucket lies in one day, week or month; only the first may start inside it
            if (x.from === from) expect(bucketStart(x.to, g) <= x.from).toBe(true);
            else expect(bucketStart(x.to, g)).toBe(x.from);
          }
          expect(b.reduce((n, x) => n + daysIn(x.from, x.to), 0)).toBe(length + 1);
        },
      ),
    );
  });

  it('refuses impossible days, reversed and overlong periods, and too many buckets', () => {
    expect(dayNumber('2026-02-30')).toBeNull();
    expect(periodProblem('2026-02-30', '2026-03-01')).toBe('analytics.bad_day');
    expect(periodProblem('2026-03-02', '2026-03-01')).toBe('period.from_after_to');
    expect(periodProblem('2020-01-01', addDays('2020-01-01', MAX_PERIOD_DAYS))).toBe(
      'analytics.period_too_long',
    );
    expect(periodProblem('2024-01-01', '2025-12-31', 'day')).toBe('analytics.too_many_buckets');
    expect(periodProblem('2024-01-01', '2025-12-31', 'week')).toBeNull();
    expect(periodProblem('2026-03-01', '2026-03-01', 'day')).toBeNull();
  });
});

describe('rates', () => {
  it('divides to four decimals, null without a denominator', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 0)).toBeNull();
    const c = sumCounts(
      ['received', 'concluded', 'concluded_on_time', 'resolved', 'followed_up', 'satisfied', 'reopened', 'withdrawn', 'declined'] as const, // prettier-ignore
      [
        { received: 8, concluded: 5, concluded_on_time: 4, resolved: 4, followed_up: 3, satisfied: 2 },
        { received: '2', concluded: 1, resolved: 1, followed_up: 1, satisfied: 1 },
      ],
    );
    expect(caseRates(c)).toEqual({
      resolutionRate: 0.5, // 5 ÷ 10
      conclusionRate: 0.6, // 6 ÷ 10
      onTimeRate: 0.6667, // 4 ÷ 6
      satisfactionRate: 0.75, // 3 ÷ 4
    });
    expect(gridRates({ received: 4, concluded: 3, concluded_on_time: 0 })).toEqual({
      conclusionRate: 0.75,
      onTimeRate: 0,
    });
  });
});

describe('whole months of a period', () => {
  it('cuts a period into whole months and the days at its ends', () => {
    expect(splitByMonths('2026-02-15', '2026-04-30')).toEqual({
      months: { from: '2026-03-01', to: '2026-04-01' },
      days: [{ from: '2026-02-15', to: '2026-02-28' }],
    });
    expect(splitByMonths('2026-03-01', '2026-03-31')).toEqual({
      months: { from: '2026-03-01', to: '2026-03-01' },
      days: [],
    });
    expect(splitByMonths('2026-03-02', '2026-03-31')).toEqual({
      months: null,
      days: [{ from: '2026-03-02', to: '2026-03-31' }],
    });
    expect(splitByMonths('2025-12-31', '2026-02-01')).toEqual({
      months: { from: '2026-01-01', to: '2026-01-01' },
      days: [
        { from: '2025-12-31', to: '2025-12-31' },
        { from: '2026-02-01', to: '2026-02-01' },
      ],
    });
  });

  it('covers every day of the period exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 500 }), (offset, length) => {
        const from = addDays('2024-01-01', offset);
        const to = addDays(from, length);
        const s = splitByMonths(from, to);
        const covered: string[] = s.days.flatMap((d) =>
          Array.from({ length: daysIn(d.from, d.to) }, (_, i) => addDays(d.from, i)),
        );
        if (s.months) {
          for (let m = s.months.from; m <= s.months.to; m = addDays(m, 40).slice(0, 8) + '01') {
            const end = addDays(addDays(m, 40).slice(0, 8) + '01', -1);
            covered.push(...Array.from({ length: daysIn(m, end) }, (_, i) => addDays(m, i)));
          }
        }
        covered.sort();
        expect(covered).toEqual(Array.from({ length: length + 1 }, (_, i) => addDays(from, i)));
      }),
    );
  });
});
