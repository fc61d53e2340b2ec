import { describe, expect, it } from 'vitest';
import { parseFilters } from '../work/case-filters';
import { CASE_FIGURES, casesLink, figureFilters, type FigureScope } from './figure-links';

const scope: FigureScope = { region: '371403', from: '2026-03-01', to: '2026-03-31' };
const U = '0195a000-0000-7000-8000-000000000001';
const parse = (url: string) => parseFilters(new URLSearchParams(url.split('?')[1]));

describe('figure links', () => {
  it('survive the case list reading them back from its URL, for every figure', () => {
    for (const f of CASE_FIGURES) {
      for (const s of [
        scope,
        { ...scope, unitId: U },
        { ...scope, category: 'labor', channel: 'qr' as const },
      ]) {
        const link = casesLink(f, s);
        expect(link.startsWith('/cases?'), f).toBe(true);
        const expected = Object.fromEntries(
          Object.entries(figureFilters(f, s)).filter(([, v]) => v !== undefined),
        );
        expect(parse(link), f).toEqual(expected);
      }
    }
  });

  it('select what the rollups count: received by registration, the rest by the current conclusion', () => {
    expect(figureFilters('received', scope)).toMatchObject({
      receivedFrom: '2026-03-01',
      receivedTo: '2026-03-31',
    });
    expect(figureFilters('resolved', scope)).toMatchObject({ concludedFrom: '2026-03-01', resolved: true });
    expect(figureFilters('satisfied', scope)).toMatchObject({ concludedTo: '2026-03-31', satisfied: true });
    expect(figureFilters('reopened', scope)).toMatchObject({ event: 'reopen', eventFrom: '2026-03-01' });
    expect(figureFilters('overdue', scope)).toEqual({ region: '371403', overdue: true });
    // "now" figures have no period
    expect(figureFilters('open', scope).receivedFrom).toBeUndefined();
  });

  it('count a unit as first-contact unit for received, as lead for the others', () => {
    expect(figureFilters('received', { ...scope, unitId: U })).toMatchObject({
      unit: U,
      relation: ['owner'],
    });
    expect(figureFilters('concluded', { ...scope, unitId: U })).toMatchObject({
      unit: U,
      relation: ['lead'],
    });
    expect(figureFilters('overdue', { ...scope, unitId: U })).toMatchObject({ unit: U, relation: ['lead'] });
  });
});
