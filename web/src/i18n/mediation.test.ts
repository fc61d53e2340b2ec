import { describe, expect, it } from 'vitest';
import { mediation } from './mediation';

/** Every leaf key of a nested word table, dotted. */
function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const get = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('words of the mediation card', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(keys(mediation.en).sort()).toEqual(keys(mediation.zh).sort());
    for (const k of keys(mediation.zh)) {
      expect(String(get(mediation.zh, k)).trim(), k).not.toBe('');
      expect(String(get(mediation.en, k)).trim(), k).not.toBe('');
    }
  });

  it('names every session outcome, session status and party role the server sends', () => {
    for (const o of ['agreement', 'continue', 'failed'])
      expect(get(mediation.zh, `outcomes.${o}`)).toBeTruthy();
    for (const s of ['scheduled', 'held']) expect(get(mediation.zh, `status.${s}`)).toBeTruthy();
    for (const r of ['applicant', 'respondent', 'third_party']) {
      expect(get(mediation.zh, `partyRole.${r}`)).toBeTruthy();
    }
  });
});
