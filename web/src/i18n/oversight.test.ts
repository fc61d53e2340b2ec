import { describe, expect, it } from 'vitest';
import { KNOWN_KINDS, ORDER_FILTERS, TASK_FILTERS, supervisionViews } from '../pages/oversight/rules';
import { STAFF_ROLES } from '../../../src/core/workflow/case-model';
import { oversight } from './oversight';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const get = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('words of the oversight area', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(keys(oversight.en).sort()).toEqual(keys(oversight.zh).sort());
    for (const k of keys(oversight.zh)) {
      expect(String(get(oversight.zh, k)).trim(), k).not.toBe('');
      expect(String(get(oversight.en, k)).trim(), k).not.toBe('');
    }
  });

  it('names every filter, view, status and known kind the pages show', () => {
    const views = new Set(STAFF_ROLES.flatMap((r) => supervisionViews(r)));
    const needed = [
      ...TASK_FILTERS.map((f) => `reportIns.filter.${f || 'all'}`),
      ...ORDER_FILTERS.map((f) => `supervision.filter.${f || 'all'}`),
      ...[...views].flatMap((v) => [`supervision.view.${v}`, `supervision.hint.${v}`]),
      ...['open', 'overdue', 'onTime', 'late', 'missed', 'cancelled'].map((s) => `taskStatus.${s}`),
      ...['open', 'overdue', 'escalated', 'answered'].map((s) => `orderStatus.${s}`),
      ...KNOWN_KINDS.flatMap((k) => [`kind.${k}`, `accountability.summary.${k}`]),
      ...['required', 'tooLong', 'range'].map((e) => `form.error.${e}`),
      ...['open', 'connecting', 'reconnecting'].map((s) => `live.${s}`),
    ];
    for (const k of needed) expect(get(oversight.zh, k), k).toBeTypeOf('string');
  });
});
