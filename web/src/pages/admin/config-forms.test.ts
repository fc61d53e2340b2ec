import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordsCsv } from './ImportPanel';
import {
  ANY,
  byMonth,
  competingRule,
  daysBetween,
  duplicateLimit,
  isWeekend,
  limitCreateBody,
  ruleChangeBody,
  ruleCreateBody,
  rulesAt,
  sortLimits,
  withDays,
  yearProblem,
  type LimitFormValues,
  type RoutingRule,
  type TimeLimit,
} from './config-forms';

const rule = (over: Partial<RoutingRule> = {}): RoutingRule => ({
  id: 'r1',
  priority: 910,
  categoryCode: null,
  regionPrefix: '371403105',
  unitId: 'u1',
  unitName: '神头镇人民调解委员会',
  active: true,
  ...over,
});

describe('the routing rule form', () => {
  it('sends "any category" as null and leaves an empty priority to the server', () => {
    expect(ruleCreateBody('371403105', { categoryCode: ANY, unitId: 'u1' })).toEqual({
      categoryCode: null,
      regionPrefix: '371403105',
      unitId: 'u1',
    });
    expect(ruleCreateBody('3714', { categoryCode: 'medical', unitId: 'u2', priority: 0 })).toEqual({
      categoryCode: 'medical',
      regionPrefix: '3714',
      unitId: 'u2',
      priority: 0,
    });
  });

  it('sends only what changed, nothing when nothing did', () => {
    const r = rule();
    expect(ruleChangeBody(r, { priority: 910, unitId: 'u1', active: true })).toBeNull();
    expect(ruleChangeBody(r, { priority: 5, unitId: 'u1', active: true })).toEqual({ priority: 5 });
    expect(ruleChangeBody(r, { priority: 910, unitId: 'u9', active: false })).toEqual({
      unitId: 'u9',
      active: false,
    });
    // a cleared priority field is no change (the edit form requires one anyway)
    expect(ruleChangeBody(r, { priority: null })).toBeNull();
  });

  it('lists the rules of a node, or of it and the nodes below', () => {
    const rules = [
      rule({ id: 'a', regionPrefix: '3714' }),
      rule({ id: 'b', regionPrefix: '371403' }),
      rule({ id: 'c', regionPrefix: '371403105' }),
      rule({ id: 'd', regionPrefix: '371402' }),
    ];
    expect(rulesAt(rules, '371403', false).map((r) => r.id)).toEqual(['b']);
    expect(rulesAt(rules, '371403', true).map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('warns of another active rule for the same category at the same node, not of itself', () => {
    const rules = [
      rule({ id: 'any' }),
      rule({ id: 'labor', categoryCode: 'labor' }),
      rule({ id: 'off', categoryCode: 'medical', active: false }),
    ];
    expect(competingRule(rules, '371403105', null)?.id).toBe('any');
    expect(competingRule(rules, '371403105', null, 'any')).toBeUndefined();
    expect(competingRule(rules, '371403105', 'labor')?.id).toBe('labor');
    expect(competingRule(rules, '371403105', 'medical')).toBeUndefined();
    expect(competingRule(rules, '3714', null)).toBeUndefined();
  });
});

const limit = (over: Partial<TimeLimit> = {}): TimeLimit => ({
  id: 'x',
  stage: 'handle',
  categoryCode: null,
  level: null,
  mediationKind: null,
  workingDays: 15,
  active: true,
  ...over,
});

describe('the time-limit form', () => {
  it('sends "any" as null', () => {
    expect(
      limitCreateBody({
        stage: 'handle',
        categoryCode: 'labor',
        level: ANY,
        mediationKind: 'people',
        workingDays: 20,
      }),
    ).toEqual({
      stage: 'handle',
      categoryCode: 'labor',
      level: null,
      mediationKind: 'people',
      workingDays: 20,
    });
  });

  it('finds an active rule of exactly the same scope (a second one would tie)', () => {
    const rules = [
      limit({ id: 'general' }),
      limit({ id: 'people', mediationKind: 'people', workingDays: 30 }),
      limit({ id: 'off', categoryCode: 'labor', active: false }),
    ];
    const form: LimitFormValues = { stage: 'handle', categoryCode: ANY, level: ANY, mediationKind: ANY };
    expect(duplicateLimit(rules, form)?.id).toBe('general');
    expect(duplicateLimit(rules, { ...form, mediationKind: 'people' })?.id).toBe('people');
    expect(duplicateLimit(rules, { ...form, stage: 'accept' })).toBeUndefined();
    expect(duplicateLimit(rules, { ...form, categoryCode: 'labor' })).toBeUndefined();
    expect(duplicateLimit(rules, { ...form, level: 'county' })).toBeUndefined();
  });

  it('orders by the loop’s stages, the general rule of each first', () => {
    const sorted = sortLimits([
      limit({ id: 'follow', stage: 'follow_up' }),
      limit({ id: 'labor', categoryCode: 'labor' }),
      limit({ id: 'people', mediationKind: 'people' }),
      limit({ id: 'handle' }),
      limit({ id: 'accept', stage: 'accept' }),
      limit({ id: 'county', level: 'county' }),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['accept', 'handle', 'people', 'county', 'labor', 'follow']);
  });
});

describe('the calendar year form', () => {
  it('expands a range to its days, in either order, across a month', () => {
    expect(daysBetween('2027-01-30', '2027-02-02')).toEqual([
      '2027-01-30',
      '2027-01-31',
      '2027-02-01',
      '2027-02-02',
    ]);
    expect(daysBetween('2027-02-02', '2027-01-30')).toHaveLength(4);
    expect(daysBetween('2027-02-30', '2027-03-01')).toEqual([]);
    expect(daysBetween('bad', '2027-03-01')).toEqual([]);
  });

  it('counts each day of a range once, whatever the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 364 }), (a, b) => {
        const day = (n: number) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10);
        const days = daysBetween(day(a), day(b));
        expect(days).toHaveLength(Math.abs(a - b) + 1);
        expect(new Set(days).size).toBe(days.length);
        expect(days).toEqual([...days].sort());
      }),
    );
  });

  it('keeps lists sorted and without repeats', () => {
    expect(withDays(['2027-10-03', '2027-10-01'], ['2027-10-02', '2027-10-01'])).toEqual([
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it('knows weekends', () => {
    expect(isWeekend('2027-01-02')).toBe(true); // Saturday
    expect(isWeekend('2027-01-03')).toBe(true); // Sunday
    expect(isWeekend('2027-01-04')).toBe(false);
  });

  it('refuses what the server refuses: no holiday, another year, a weekday make-up day, overlaps', () => {
    expect(yearProblem(2027, [], [])?.key).toBe('calendar.no_holidays');
    expect(yearProblem(2027, ['2026-12-31'], [])?.key).toBe('calendar.day_outside_year');
    expect(yearProblem(2027, ['2027-01-01'], ['2027-01-04'])).toEqual({
      key: 'calendar.workday_not_weekend',
      day: '2027-01-04',
    });
    expect(yearProblem(2027, ['2027-01-02'], ['2027-01-02'])?.key).toBe('calendar.overlap');
    expect(yearProblem(2027, ['2027-01-01'], ['2027-01-02'])).toBeNull();
  });

  it('groups days by month', () => {
    expect(byMonth(['2027-02-10', '2027-01-01', '2027-02-09'])).toEqual([
      ['01', ['2027-01-01']],
      ['02', ['2027-02-09', '2027-02-10']],
    ]);
  });
});

describe('the one-time passwords of a users import', () => {
  it('go out as a CSV Excel reads, in the interface language', () => {
    const csv = passwordsCsv([{ row: 2, username: 'clerk.a', password: 'Xy7#abcdefghij' }], 'zh-CN');
    expect(csv.startsWith('\ufeff行号,用户名,一次性密码\r\n')).toBe(true);
    expect(csv).toContain('2,clerk.a,Xy7#abcdefghij\r\n');
    expect(passwordsCsv([], 'en')).toBe('\ufeffrow,username,password\r\n');
  });
});
