import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../../../src/core/workflow/available-actions';
import { RECORD_ACTIONS } from '../../../src/core/workflow/records';
import { FORM_FIELDS } from '../pages/work/action-forms';
import { DUE_GROUPS, inboxGroups } from '../pages/work/inbox-groups';
import { STAFF_ROLES } from '../../../src/core/workflow/case-model';
import { work } from './work';

/** Every leaf key of a nested word table, dotted. */
function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const get = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('words of the work area', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(keys(work.en).sort()).toEqual(keys(work.zh).sort());
    for (const k of keys(work.zh)) {
      expect(String(get(work.zh, k)).trim(), k).not.toBe('');
      expect(String(get(work.en, k)).trim(), k).not.toBe('');
    }
  });

  it('names every action and record of the timeline, every form field and inbox group', () => {
    const needed = [
      ...['register', ...CASE_ACTIONS, ...RECORD_ACTIONS].map((a) => `action.${a}`),
      ...CASE_ACTIONS.flatMap((a) =>
        FORM_FIELDS[a].map((f) => (f === 'unitId' ? `form.unit.${a}` : `form.${f}`)),
      ),
      ...STAFF_ROLES.flatMap((role) => inboxGroups({ role, unitId: 'u' }).map((g) => `inbox.group.${g.key}`)),
      ...DUE_GROUPS.map((g) => `inbox.group.${g.key}`),
    ];
    for (const k of needed) expect(get(work.zh, k), k).toBeTypeOf('string');
  });
});
