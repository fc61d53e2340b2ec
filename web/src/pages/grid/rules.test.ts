import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as core from '../../../../src/core/grid/grid-rules';
import {
  PLAN_PERIODS,
  REPORT_STATUSES,
  REPORT_TYPES,
  WORK_KINDS,
  reportsUrl,
  type StatsRow,
} from './grid-api';
import {
  busiestDay,
  canDrill,
  childLevel,
  dayItems,
  drillPath,
  formatRate,
  mayAssign,
  mayConclude,
  periodDays,
  rate,
  sumRows,
} from './rules';

const row = (code: string, total: number, concluded: number, inTime: number): StatsRow => ({
  regionCode: code,
  regionName: code,
  workers: 1,
  workItems: { visit: 2, patrol: 1, outreach: 0, collection: 3 },
  reports: { total, concluded, concludedInTime: inTime, open: total - concluded, overdue: 0 },
  conclusionRate: rate(concluded, total),
  inTimeRate: rate(inTime, concluded),
});

describe('grid console rules', () => {
  it('names the same kinds, types, statuses and periods as the core', () => {
    expect(WORK_KINDS).toEqual(core.WORK_KINDS);
    expect(REPORT_TYPES).toEqual(core.REPORT_TYPES);
    expect(REPORT_STATUSES).toEqual(core.REPORT_STATUSES);
    expect(PLAN_PERIODS).toEqual(core.PLAN_PERIODS);
  });

  it('formats rates with one decimal and a dash for nothing to divide', () => {
    expect(formatRate(0.99834)).toBe('99.8%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('—');
    expect(rate(3, 0)).toBeNull();
  });

  it('drills from county to grid and stops there', () => {
    expect(childLevel('371403')).toBe('township');
    expect(childLevel('371403105')).toBe('village');
    expect(childLevel('371403105200')).toBe('grid');
    expect(canDrill('371403105200001')).toBe(false);
    const path = ['37', '3714', '371403', '371403105', '371403105200'].map((code) => ({ code }));
    expect(drillPath('371403105', '371403105200', path)).toEqual(['371403105', '371403105200']);
    expect(drillPath('371403105', '371402001', path)).toEqual([]);
  });

  it('sums rows into totals whose rates follow from the sums', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50)).map(([a, b, c]) => [a + b + c, b + c, c] as const),
          { maxLength: 8 },
        ),
        (xs) => {
          const rows = xs.map(([t, c, i], k) => row(String(k), t, c, i));
          const totals = sumRows(rows);
          const total = xs.reduce((s, x) => s + x[0], 0);
          const concluded = xs.reduce((s, x) => s + x[1], 0);
          expect(totals.reports.total).toBe(total);
          expect(totals.conclusionRate).toBe(rate(concluded, total));
          expect(totals.workItems.visit).toBe(2 * xs.length);
        },
      ),
    );
  });

  it("counts a day's work items of every kind, and the busiest day with its reports", () => {
    const day = { day: 'd', visit: 2, patrol: 3, outreach: 0, collection: 1, reports: 2 };
    expect(dayItems(day)).toBe(6);
    expect(busiestDay([])).toBe(1);
    expect(busiestDay([day, { ...day, visit: 0 }])).toBe(8);
  });

  it('shows an answered period as its CST days, the exclusive end a day earlier at midnight', () => {
    expect(periodDays({ from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(periodDays({ from: '2026-03-01T02:00:00.000Z', to: '2026-03-31T02:00:00.000Z' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
  });

  it('lets the dispatcher assign and the assigned unit conclude, never a dispute', () => {
    const dispatcher = { role: 'dispatcher' as const, scopeCode: '371403105', unitId: 'center' };
    const dept = { role: 'department_staff' as const, scopeCode: '371403105', unitId: 'fire' };
    const clerk = { role: 'clerk' as const, scopeCode: '371403105', unitId: 'center' };
    const r = {
      type: 'fire' as const,
      status: 'reported' as const,
      regionCode: '371403105200001',
      unitId: null,
    };
    expect(mayAssign(dispatcher, r)).toBe(true);
    expect(mayAssign(clerk, r)).toBe(false);
    expect(mayAssign(dispatcher, { ...r, type: 'dispute' })).toBe(false);
    expect(mayAssign({ ...dispatcher, scopeCode: '371402001' }, r)).toBe(false);
    const assigned = { ...r, status: 'assigned' as const, unitId: 'fire' };
    expect(mayConclude(dept, assigned)).toBe(true);
    expect(mayConclude(dept, r)).toBe(false);
    expect(mayConclude({ ...dept, unitId: 'other' }, assigned)).toBe(false);
    expect(mayConclude(dispatcher, r)).toBe(true);
    expect(mayConclude(dispatcher, { ...assigned, status: 'concluded' })).toBe(false);
  });

  it('puts only the chosen filters into the list URL', () => {
    expect(reportsUrl({}, null)).toBe('/api/grid/reports?limit=30');
    expect(reportsUrl({ type: 'fire', overdue: true, region: '371403105' }, 'c1', 10)).toBe(
      '/api/grid/reports?type=fire&overdue=true&region=371403105&cursor=c1&limit=10',
    );
  });
});
