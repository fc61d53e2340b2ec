import { describe, expect, it } from 'vitest';
import {
  checkBody,
  checkErrors,
  percent,
  qualityUrl,
  reasonText,
  suggestionAccepted,
  warningsUrl,
} from './rules';

// a stand-in for i18next: the key and its parameters, so the test sees what would be looked up
const t = (key: string, params?: Record<string, unknown>) =>
  params && Object.keys(params).length ? `${key}${JSON.stringify(params)}` : key;
const cat = (code: string) => `<${code}>`;

describe('warnings rules', () => {
  it('builds the list URL from the filters', () => {
    expect(warningsUrl({}, null)).toBe('/api/warnings');
    expect(warningsUrl({ kind: 'repeat', status: 'active', severity: 'red' }, 'abc')).toBe(
      '/api/warnings?kind=repeat&status=active&severity=red&cursor=abc',
    );
  });

  it('reads a reason with its words and numbers', () => {
    expect(reasonText({ code: 'threat', level: 'red', words: ['扬言', '报复'] }, t, cat)).toBe(
      'warnings.reason.threat：扬言、报复',
    );
    expect(reasonText({ rule: 'group', level: 'orange', words: [], params: { people: 30 } }, t, cat)).toBe(
      'warnings.reason.group{"people":30}：warnings.reason.groupPeople{"people":30}',
    );
    expect(
      reasonText({ rule: 'category', category: 'labor', confidence: 0.9, words: ['工资'] }, t, cat),
    ).toBe('warnings.reason.category{"category":"<labor>"}：工资');
    expect(reasonText({ code: 'same_phone', params: { cases: 2, days: 90 } }, t, cat)).toBe(
      'warnings.reason.same_phone{"cases":2,"days":90}',
    );
    expect(reasonText({ code: 'set_at_registration', level: 'orange' }, t, cat)).toBe(
      'warnings.reason.set_at_registration{"level":"common.risk.orange"}',
    );
    expect(
      reasonText({ rule: 'wage_arrears_year_end', words: ['工资'], params: { period: 'year_end' } }, t, cat),
    ).toBe('warnings.reason.wage_arrears_year_end{"period":"year_end"}：warnings.reason.wageByDate；工资');
  });
});

describe('quality call-back rules', () => {
  it('builds the list URL', () => {
    expect(qualityUrl('mine', null)).toBe('/api/quality-checks?scope=mine');
    expect(qualityUrl('scope', 'x')).toBe('/api/quality-checks?scope=scope&cursor=x');
  });

  it('asks for satisfaction and solved-or-not only when the resident was reached', () => {
    expect(checkErrors({})).toEqual(['reached']);
    expect(checkErrors({ reached: true })).toEqual(['satisfaction', 'reopenNeeded']);
    expect(checkErrors({ reached: true, satisfaction: 'satisfied', reopenNeeded: false })).toEqual([]);
    expect(checkErrors({ reached: false })).toEqual([]);
    expect(checkErrors({ reached: false, note: 'x'.repeat(1001) })).toEqual(['note']);
  });

  it('sends only what the server accepts', () => {
    expect(
      checkBody({ reached: false, satisfaction: 'satisfied', reopenNeeded: true, note: ' 无人接听 ' }),
    ).toEqual({
      reached: false,
      note: '无人接听',
    });
    expect(checkBody({ reached: true, satisfaction: 'unsatisfied', reopenNeeded: true, note: '' })).toEqual({
      reached: true,
      satisfaction: 'unsatisfied',
      reopenNeeded: true,
    });
  });

  it('shows rates as percentages', () => {
    expect(percent(null)).toBeNull();
    expect(percent(0.5)).toBe('50.0 %');
    expect(percent(0.9876)).toBe('98.8 %');
  });
});

describe('triage suggestion', () => {
  it('knows when the form holds the suggestion already', () => {
    const s = { category: 'labor', risk: 'red' as const };
    expect(suggestionAccepted({ categoryCode: 'labor', riskLevel: 'red' }, s)).toBe(true);
    expect(suggestionAccepted({ categoryCode: 'labor', riskLevel: 'blue' }, s)).toBe(false);
    expect(suggestionAccepted({}, s)).toBe(false);
  });
});
