import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../../src/core/workflow/case-model';
import {
  exportUrl,
  filtersToParams,
  hasFilters,
  listUrl,
  parseFilters,
  type CaseFilters,
} from './case-filters';
import { DUE_GROUPS, countLabel, inboxGroups } from './inbox-groups';

const UNIT = '0190a0b0-0000-7000-8000-000000000001';
const parse = (s: string) => parseFilters(new URLSearchParams(s));

describe('filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const f: CaseFilters = {
      q: '漏水',
      state: ['registered', 'assigned'],
      category: 'neighbor',
      channel: 'window',
      region: '371403105200',
      unit: UNIT,
      relation: ['lead', 'co_handler'],
      risk: 'red',
      overdue: true,
      light: 'yellow',
      awaitingRuling: false,
      extensionPending: true,
    };
    expect(parseFilters(filtersToParams(f))).toEqual(f);
  });

  it('drops what the API would refuse instead of failing the page', () => {
    expect(parse('state=foo&state=assigned&channel=fax&region=abc&unit=x&risk=pink&light=blue')).toEqual({
      state: ['assigned'],
    });
    expect(parse('category=DROP%20TABLE')).toEqual({});
    expect(parse('q=%20%20')).toEqual({});
    expect(parse(`q=${'长'.repeat(150)}`).q).toHaveLength(100);
  });

  it('keeps a relation only with its unit', () => {
    expect(parse('relation=lead')).toEqual({});
    expect(parse(`relation=lead&unit=${UNIT}`)).toEqual({ unit: UNIT, relation: ['lead'] });
  });

  it('writes a stable URL: same filters, same string; empty filters, no query', () => {
    expect(filtersToParams({ risk: 'red', q: 'a' }).toString()).toBe('q=a&risk=red');
    expect(filtersToParams({ overdue: false, state: [] }).toString()).toBe('');
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ overdue: true })).toBe(true);
  });

  it('builds the list page and export URLs with the same filters', () => {
    expect(listUrl({ state: ['registered'] }, { limit: 50, cursor: UNIT })).toBe(
      `/api/cases?state=registered&limit=50&cursor=${UNIT}`,
    );
    expect(listUrl({})).toBe('/api/cases');
    expect(exportUrl({ q: '张 三', overdue: true })).toBe(
      '/api/cases/export.csv?q=%E5%BC%A0+%E4%B8%89&overdue=true',
    );
  });
});

describe('inbox groups', () => {
  const keys = (role: (typeof STAFF_ROLES)[number], unitId: string | null = UNIT) =>
    inboxGroups({ role, unitId }).map((g) => g.key);

  it('gives the dispatcher triage first: new cases, then rejections to rule on', () => {
    expect(keys('dispatcher')).toEqual(['toDispatch', 'toRule', 'handling', 'toFollowUp', 'toArchive']);
    const [dispatch, rule] = inboxGroups({ role: 'dispatcher', unitId: UNIT });
    expect(dispatch!.filters).toEqual({ state: ['registered'] });
    expect(rule!.filters).toEqual({ awaitingRuling: true });
  });

  it('gives a department what was assigned to its unit, what it handles and where it is summoned', () => {
    expect(keys('department_staff')).toEqual(['toAccept', 'handling', 'reportIn', 'rejected']);
    const groups = inboxGroups({ role: 'mediator', unitId: UNIT });
    expect(groups.find((g) => g.key === 'toAccept')!.filters).toEqual({
      state: ['assigned'],
      relation: ['lead'],
      awaitingRuling: false,
      unit: UNIT,
    });
    expect(groups.find((g) => g.key === 'reportIn')!.filters.relation).toEqual(['summoned']);
  });

  it('gives leaders and supervisors the approvals and the late cases', () => {
    expect(keys('supervisor')).toEqual(['extension', 'overdue', 'dueSoon']);
    expect(keys('leader')).toEqual(['extension', 'overdue', 'dueSoon']);
  });

  it('sends only filters that parse back unchanged (each group is a shareable list URL)', () => {
    for (const role of STAFF_ROLES) {
      for (const g of [...inboxGroups({ role, unitId: UNIT }), ...DUE_GROUPS]) {
        expect(parseFilters(filtersToParams(g.filters)), `${role} ${g.key}`).toEqual(g.filters);
      }
    }
  });

  it('leaves out a unit’s groups when the user has no unit, and gives administrators none', () => {
    expect(keys('department_staff', null)).toEqual([]);
    expect(keys('clerk', null)).toEqual(['toFollowUp', 'toArchive']);
    expect(keys('sys_admin')).toEqual([]);
    expect(keys('audit_admin')).toEqual([]);
  });

  it('caps the badge at 99+', () => {
    expect(countLabel(3, false)).toBe('3');
    expect(countLabel(100, true)).toBe('99+');
  });
});
