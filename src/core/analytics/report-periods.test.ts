import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, bucketStart, daysIn } from './periods.js';
import {
  REPORT_PERIOD_KINDS,
  lastCompletePeriod,
  nextReportPeriod,
  periodNumber,
  previousReportPeriod,
  reportPeriodOf,
  yearAgoPeriod,
  type ReportPeriodKind,
} from './report-periods.js';

const anyDay = fc.integer({ min: 0, max: 40 * 366 }).map((n) => addDays('2000-01-01', n));
const anyKind = fc.constantFrom<ReportPeriodKind>(...REPORT_PERIOD_KINDS);

describe('report periods', () => {
  it('are calendar weeks from Monday, months, quarters and years', () => {
    // 2026-03-15 is a Sunday
    expect(reportPeriodOf('week', '2026-03-15')).toEqual({
      kind: 'week',
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(reportPeriodOf('month', '2024-02-10')).toEqual({
      kind: 'month',
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(reportPeriodOf('quarter', '2026-12-31')).toEqual({
      kind: 'quarter',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(reportPeriodOf('year', '2026-07-01')).toEqual({
      kind: 'year',
      from: '2026-01-01',
      to: '2026-12-31',
    });
  });

  it('compare with the period before and the same period a year earlier', () => {
    const q1 = reportPeriodOf('quarter', '2026-02-01');
    expect(previousReportPeriod(q1)).toEqual({ kind: 'quarter', from: '2025-10-01', to: '2025-12-31' });
    expect(yearAgoPeriod(q1)).toEqual({ kind: 'quarter', from: '2025-01-01', to: '2025-03-31' });
    const feb = reportPeriodOf('month', '2025-02-03');
    expect(yearAgoPeriod(feb)).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
    const week = reportPeriodOf('week', '2026-03-11');
    expect(previousReportPeriod(week)).toEqual({ kind: 'week', from: '2026-03-02', to: '2026-03-08' });
    expect(yearAgoPeriod(week)).toEqual({ kind: 'week', from: '2025-03-10', to: '2025-03-16' });
  });

  it('a schedule reports on the last period that ended before today', () => {
    // Monday 2026-03-16: last week, February, the fourth quarter and the year 2025
    expect(lastCompletePeriod('week', '2026-03-16')).toMatchObject({ from: '2026-03-09', to: '2026-03-15' });
    expect(lastCompletePeriod('month', '2026-03-16')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(lastCompletePeriod('quarter', '2026-03-16')).toMatchObject({ from: '2025-10-01' });
    expect(lastCompletePeriod('year', '2026-01-01')).toMatchObject({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('are numbered within their year: ISO weeks, months, quarters', () => {
    expect(periodNumber(reportPeriodOf('week', '2026-03-15'))).toEqual({ year: 2026, n: 11 });
    // the week of 2024-12-30 holds 2025-01-02 (its Thursday): week 1 of 2025
    expect(periodNumber(reportPeriodOf('week', '2024-12-31'))).toEqual({ year: 2025, n: 1 });
    expect(periodNumber(reportPeriodOf('week', '2021-01-03'))).toEqual({ year: 2020, n: 53 });
    expect(periodNumber(reportPeriodOf('quarter', '2026-08-08'))).toEqual({ year: 2026, n: 3 });
    expect(periodNumber(reportPeriodOf('month', '2026-08-08'))).toEqual({ year: 2026, n: 8 });
  });

  it('hold their day and tile the calendar with no gap or overlap', () => {
    fc.assert(
      fc.property(anyKind, anyDay, (kind, day) => {
        const p = reportPeriodOf(kind, day);
        expect(p.from <= day && day <= p.to).toBe(true);
        // every day of a period names the same period
        expect(reportPeriodOf(kind, p.from)).toEqual(p);
        expect(reportPeriodOf(kind, p.to)).toEqual(p);
        const next = nextReportPeriod(p);
        expect(next.from).toBe(addDays(p.to, 1));
        expect(previousReportPeriod(next)).toEqual(p);
        const length = daysIn(p.from, p.to);
        const [min, max] = { week: [7, 7], month: [28, 31], quarter: [90, 92], year: [365, 366] }[kind];
        expect(length >= min! && length <= max!).toBe(true);
        if (kind === 'week') expect(bucketStart(p.from, 'week')).toBe(p.from);
      }),
    );
  });

  it('the same period a year earlier is of the same kind, one year (52 weeks) back', () => {
    fc.assert(
      fc.property(anyKind, anyDay, (kind, day) => {
        const p = reportPeriodOf(kind, day);
        const y = yearAgoPeriod(p);
        expect(y.kind).toBe(kind);
        expect(reportPeriodOf(kind, y.from)).toEqual(y);
        if (kind === 'week') expect(daysIn(y.from, p.from)).toBe(365);
        else {
          expect(Number(y.from.slice(0, 4))).toBe(Number(p.from.slice(0, 4)) - 1);
          expect(y.from.slice(4)).toBe(p.from.slice(4));
        }
      }),
    );
  });

  it('the last complete period ends before today and the next one holds today', () => {
    fc.assert(
      fc.property(anyKind, anyDay, (kind, today) => {
        const p = lastCompletePeriod(kind, today);
        expect(p.to < today).toBe(true);
        const next = nextReportPeriod(p);
        expect(next.from <= today && today <= next.to).toBe(true);
      }),
    );
  });
});
