import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../../src/core/workflow/case-model';
import {
  ORDER_DAYS,
  accountabilityUrl,
  canReportIn,
  formatAverage,
  formatRate,
  orderAnswerable,
  orderErrors,
  orderFilterOf,
  orderHighlighted,
  orderLight,
  orderStatusKey,
  ordersUrl,
  ratingErrors,
  recordSummary,
  reportInsUrl,
  scorecardsUrl,
  sortScorecards,
  supervisionViews,
  taskFilterOf,
  taskFilterParams,
  taskLight,
  taskStatusKey,
  textError,
  toOrderBody,
  toRatingBody,
} from './rules';
import type { Scorecard } from './types';

const H = 3600_000;
const T0 = new Date('2026-03-16T01:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * H);
const task = (over: Partial<Parameters<typeof taskLight>[0]> = {}) => ({
  status: 'open' as const,
  overdue: false,
  summonedAt: T0.toISOString(),
  dueAt: at(9).toISOString(),
  ...over,
});

describe('report-in tasks', () => {
  it('light green, yellow from two thirds of the time, red when overdue; none once settled', () => {
    expect(taskLight(task(), at(1))).toBe('green');
    expect(taskLight(task(), at(5.9))).toBe('green');
    expect(taskLight(task(), at(6))).toBe('yellow');
    expect(taskLight(task(), at(9.5))).toBe('red');
    // the server said overdue (its clock): red whatever the browser's clock says
    expect(taskLight(task({ overdue: true }), at(1))).toBe('red');
    for (const status of ['done', 'missed', 'cancelled'] as const) {
      expect(taskLight(task({ status }), at(20))).toBeNull();
    }
  });

  it('says whether a done task came in on time', () => {
    expect(taskStatusKey({ status: 'open', overdue: false, onTime: null })).toBe('open');
    expect(taskStatusKey({ status: 'open', overdue: true, onTime: null })).toBe('overdue');
    expect(taskStatusKey({ status: 'done', overdue: false, onTime: true })).toBe('onTime');
    expect(taskStatusKey({ status: 'done', overdue: false, onTime: false })).toBe('late');
    expect(taskStatusKey({ status: 'missed', overdue: false, onTime: null })).toBe('missed');
    expect(taskStatusKey({ status: 'cancelled', overdue: false, onTime: null })).toBe('cancelled');
  });

  it('offers "report in" only on an open task of an open case', () => {
    expect(canReportIn({ status: 'open', caseState: 'in_progress' })).toBe(true);
    expect(canReportIn({ status: 'open', caseState: 'assigned' })).toBe(true);
    expect(canReportIn({ status: 'open', caseState: 'concluded' })).toBe(false);
    expect(canReportIn({ status: 'done', caseState: 'in_progress' })).toBe(false);
    expect(canReportIn({ status: 'missed', caseState: 'in_progress' })).toBe(false);
  });

  it('keeps the status filter in the URL, open by default', () => {
    expect(taskFilterOf(null)).toBe('open');
    expect(taskFilterOf('missed')).toBe('missed');
    expect(taskFilterOf('all')).toBe('');
    expect(taskFilterOf('bogus')).toBe('open');
    for (const f of ['open', 'missed', 'done', ''] as const) {
      expect(taskFilterOf(new URLSearchParams(taskFilterParams(f)).get('status'))).toBe(f);
    }
    expect(reportInsUrl('open', null)).toBe('/api/report-ins?status=open&limit=50');
    expect(reportInsUrl('', 'c1', 20)).toBe('/api/report-ins?cursor=c1&limit=20');
  });
});

describe('supervision orders', () => {
  it('gives supervisors and leaders their issued and scope lists, handlers the orders to answer', () => {
    expect(supervisionViews('supervisor')).toEqual(['issued', 'scope']);
    expect(supervisionViews('leader')).toEqual(['issued', 'scope']);
    for (const role of ['department_staff', 'mediator', 'clerk', 'dispatcher', 'grid_worker'] as const) {
      expect(supervisionViews(role), role).toEqual(['received']);
    }
    for (const role of STAFF_ROLES) {
      if (['sys_admin', 'security_admin', 'audit_admin', 'security_member'].includes(role)) {
        expect(supervisionViews(role), role).toEqual([]);
      }
    }
  });

  it('asks the list the page shows', () => {
    expect(ordersUrl('issued', '', null)).toBe('/api/supervision-orders?mine=issued&limit=50');
    expect(ordersUrl('received', 'open', null)).toBe(
      '/api/supervision-orders?mine=received&status=open&limit=50',
    );
    expect(ordersUrl('scope', 'escalated', 'x')).toBe(
      '/api/supervision-orders?status=escalated&cursor=x&limit=50',
    );
    expect(orderFilterOf(null)).toBe('');
    expect(orderFilterOf('answered')).toBe('answered');
    expect(orderFilterOf('nonsense')).toBe('');
  });

  const order = (over: Partial<Parameters<typeof orderLight>[0]> = {}) => ({
    status: 'open' as const,
    overdue: false,
    issuedAt: T0.toISOString(),
    escalatedAt: null,
    dueAt: at(30).toISOString(),
    ...over,
  });

  it('shows status, light and highlight; escalation restarts the clock', () => {
    expect(orderStatusKey({ status: 'open', overdue: false })).toBe('open');
    expect(orderStatusKey({ status: 'open', overdue: true })).toBe('overdue');
    expect(orderStatusKey({ status: 'escalated', overdue: true })).toBe('escalated');
    expect(orderStatusKey({ status: 'answered', overdue: false })).toBe('answered');
    expect(orderHighlighted({ status: 'escalated' })).toBe(true);
    expect(orderHighlighted({ status: 'open' })).toBe(false);
    expect(orderLight(order(), at(10))).toBe('green');
    expect(orderLight(order(), at(21))).toBe('yellow');
    expect(orderLight(order({ overdue: true }), at(1))).toBe('red');
    expect(orderLight(order({ status: 'answered' }), at(40))).toBeNull();
    // escalated at hour 27 with a new due time at hour 30: a third of its time left is yellow
    expect(orderLight(order({ status: 'escalated', escalatedAt: at(27).toISOString() }), at(28))).toBe(
      'green',
    );
    expect(orderLight(order({ status: 'escalated', escalatedAt: at(27).toISOString() }), at(29))).toBe(
      'yellow',
    );
  });

  it('offers the answer while the order waits, to those who may answer', () => {
    expect(orderAnswerable({ status: 'open' }, true)).toBe(true);
    expect(orderAnswerable({ status: 'escalated' }, true)).toBe(true);
    expect(orderAnswerable({ status: 'answered' }, true)).toBe(false);
    expect(orderAnswerable({ status: 'open' }, false)).toBe(false);
  });
});

describe('the forms’ checks', () => {
  it('treats white space as empty and counts the limit', () => {
    expect(textError('', 10)).toBe('required');
    expect(textError('   \n ', 10)).toBe('required');
    expect(textError(undefined, 10)).toBe('required');
    expect(textError('请尽快办理', 10)).toBeNull();
    expect(textError('一'.repeat(11), 10)).toBe('tooLong');
    expect(textError('', 10, false)).toBeNull();
  });

  it('an order needs instructions and 1–60 whole working days', () => {
    expect(orderErrors({ instructions: '请三日内答复', dueWorkingDays: 3 })).toEqual({});
    expect(orderErrors({})).toEqual({ instructions: 'required', dueWorkingDays: 'required' });
    expect(orderErrors({ instructions: ' ', dueWorkingDays: null })).toEqual({
      instructions: 'required',
      dueWorkingDays: 'required',
    });
    for (const d of [0, -1, 1.5, ORDER_DAYS.max + 1]) {
      expect(orderErrors({ instructions: 'x', dueWorkingDays: d }).dueWorkingDays, String(d)).toBe('range');
    }
    expect(orderErrors({ instructions: 'x', dueWorkingDays: ORDER_DAYS.max })).toEqual({});
    expect(orderErrors({ instructions: 'x'.repeat(2001), dueWorkingDays: 1 }).instructions).toBe('tooLong');
    expect(toOrderBody({ instructions: '  请答复 ', dueWorkingDays: 5 })).toEqual({
      instructions: '请答复',
      dueWorkingDays: 5,
    });
  });

  it('a rating needs 1–5 stars; the comment is optional, blank left out', () => {
    expect(ratingErrors({ stars: 4 })).toEqual({});
    expect(ratingErrors({})).toEqual({ stars: 'required' });
    expect(ratingErrors({ stars: 0 })).toEqual({ stars: 'required' });
    expect(ratingErrors({ stars: 6 })).toEqual({ stars: 'range' });
    expect(ratingErrors({ stars: 3, comment: 'x'.repeat(501) })).toEqual({ comment: 'tooLong' });
    expect(toRatingBody({ stars: 5, comment: '  ' }, 7)).toEqual({ stars: 5, version: 7 });
    expect(toRatingBody({ stars: 2, comment: ' 响应慢 ' }, 7)).toEqual({
      stars: 2,
      comment: '响应慢',
      version: 7,
    });
  });
});

describe('accountability records', () => {
  const t = (key: string, params?: Record<string, string>) => `${key}${params ? JSON.stringify(params) : ''}`;

  it('describe a missed report-in in the interface language, never by the stored Chinese reason', () => {
    const r = {
      kind: 'missed_report_in',
      reason: '吹哨报到超时：… 被点名部门未在期限内报到',
      detail: { from_level: 'village', to_level: 'township' },
    };
    for (const lang of ['zh-CN', 'en'] as const) {
      const s = recordSummary(r, lang, t);
      expect(s).toContain('oversight.accountability.summary.missed_report_in');
      expect(s).toContain('common.level.village');
      expect(s).toContain('common.level.township');
      expect(s).not.toContain('吹哨报到超时');
    }
    expect(recordSummary({ ...r, detail: {} }, 'en', t)).toBe('oversight.kind.missed_report_in');
  });

  it('fall back to the writer’s reason for unknown kinds in Chinese only', () => {
    const r = { kind: 'grid_report_overdue', reason: '网格上报超时', detail: {} };
    expect(recordSummary(r, 'zh-CN', t)).toBe('网格上报超时');
    expect(recordSummary(r, 'en', t)).toBe('—');
  });

  it('filter by unit, kind and CST days', () => {
    expect(accountabilityUrl({}, null)).toBe('/api/accountability?limit=30');
    expect(
      accountabilityUrl(
        { unit: 'u1', kind: 'missed_report_in', from: '2026-03-01', to: '2026-03-31' },
        'c9',
        10,
      ),
    ).toBe(
      '/api/accountability?unit=u1&kind=missed_report_in&from=2026-03-01&to=2026-03-31&cursor=c9&limit=10',
    );
  });
});

describe('scorecards', () => {
  it('format rates as percentages and averages to one decimal, "—" when nothing was measured', () => {
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(0.33333)).toBe('33.3%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(undefined)).toBe('—');
    expect(formatAverage(4.256)).toBe('4.3');
    expect(formatAverage(5)).toBe('5.0');
    expect(formatAverage(null)).toBe('—');
    expect(scorecardsUrl({})).toBe('/api/scorecards');
    expect(scorecardsUrl({ region: '371403', from: '2026-01-01', to: '2026-03-31' })).toBe(
      '/api/scorecards?region=371403&from=2026-01-01&to=2026-03-31',
    );
  });

  const card = (name: string, over: Partial<Scorecard> = {}, avg: number | null = null): Scorecard => ({
    unitId: name,
    unitName: name,
    kind: 'department',
    regionCode: '371403',
    departmentType: null,
    casesLed: 0,
    assignmentsReceived: 0,
    concluded: 0,
    concludedOnTime: 0,
    onTimeRate: null,
    rejections: 0,
    bounceBackRate: null,
    overruled: 0,
    overruledRate: null,
    reportIns: { summoned: 0, onTime: 0, late: 0, missed: 0, open: 0, cancelled: 0, timelinessRate: null },
    ratings: { count: avg === null ? 0 : 1, average: avg },
    ...over,
  });
  const names = (xs: Scorecard[]) => xs.map((x) => x.unitName);

  it('sort by any column, units without a value last in both directions, ties by name', () => {
    const items = [
      card('乙', { onTimeRate: 0.5, casesLed: 4 }, 3),
      card('甲', { onTimeRate: null, casesLed: 4 }),
      card('丙', { onTimeRate: 0.9, casesLed: 1 }, 5),
      card('丁', { onTimeRate: 0.5, casesLed: 9 }, null),
    ];
    expect(names(sortScorecards(items, 'onTimeRate', 'descend'))).toEqual(['丙', '丁', '乙', '甲']);
    expect(names(sortScorecards(items, 'onTimeRate', 'ascend'))).toEqual(['丁', '乙', '丙', '甲']);
    expect(names(sortScorecards(items, 'casesLed', 'descend'))).toEqual(['丁', '甲', '乙', '丙']);
    expect(names(sortScorecards(items, 'ratingAverage', 'ascend'))).toEqual(['乙', '丙', '丁', '甲']);
    // unsorted: by name; the input is left as it was
    const before = names(items);
    expect(sortScorecards(items, 'casesLed', null)).toHaveLength(4);
    expect(names(items)).toEqual(before);
  });

  it('sort report-in columns from the nested figures', () => {
    const rin = (name: string, missed: number, rate: number | null) =>
      card(name, {
        reportIns: {
          summoned: 3,
          onTime: 3 - missed,
          late: 0,
          missed,
          open: 0,
          cancelled: 0,
          timelinessRate: rate,
        },
      });
    const items = [rin('A', 2, 1 / 3), rin('B', 0, 1), rin('C', 1, null)];
    expect(names(sortScorecards(items, 'reportInMissed', 'descend'))).toEqual(['A', 'C', 'B']);
    expect(names(sortScorecards(items, 'timelinessRate', 'descend'))).toEqual(['B', 'A', 'C']);
  });
});
