import { describe, expect, it } from 'vitest';
import { mediatorPatch, orgsUrl, percent } from './mediation-api';

describe('the mediation pages’ rules', () => {
  it('builds the list URL from the filters and the cursor', () => {
    expect(orgsUrl({}, null)).toBe('/api/mediation-orgs?limit=50');
    expect(orgsUrl({ kind: 'judicial', q: ' 神头 ' }, 'abc')).toBe(
      `/api/mediation-orgs?kind=judicial&q=${encodeURIComponent('神头')}&cursor=abc&limit=50`,
    );
  });

  it('shows a rate as a percentage with one decimal, none as a dash', () => {
    expect(percent(0.8333)).toBe('83.3 %');
    expect(percent(1)).toBe('100.0 %');
    expect(percent(0)).toBe('0.0 %');
    expect(percent(null)).toBe('—');
  });

  it('sends only what changed; an empty phone keeps it, "-" removes it', () => {
    const before = { name: '王秀英', specialties: ['labor'], active: true };
    expect(mediatorPatch(before, { name: '王秀英', specialties: ['labor'], active: true })).toEqual({});
    expect(
      mediatorPatch(before, {
        name: ' 王秀英 ',
        specialties: ['labor', 'neighbor'],
        phone: '-',
        active: false,
      }),
    ).toEqual({ specialties: ['labor', 'neighbor'], phone: '', active: false });
    expect(
      mediatorPatch(before, { name: '王英', specialties: ['labor'], phone: '13905340111', active: true }),
    ).toEqual({ name: '王英', phone: '13905340111' });
  });
});
