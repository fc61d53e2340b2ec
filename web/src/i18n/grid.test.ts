import { describe, expect, it } from 'vitest';
import {
  KEY_GROUPS,
  ORGANIZATION_KINDS,
  HOUSE_USES,
  RESIDENCE_STATUSES,
} from '../../../src/core/base-info/fields';
import { NAV } from '../lib/nav';
import { REPORT_STATUSES, REPORT_TYPES, WORK_KINDS } from '../pages/grid/grid-api';
import { FIELDS } from '../pages/base/base-rules';
import { base } from './base';
import { common } from './common';
import { grid } from './grid';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const get = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('words of the grid and base-information areas', () => {
  for (const [name, area] of [
    ['grid', grid],
    ['base', base],
  ] as const) {
    it(`${name}: the same keys in Chinese and English, none empty`, () => {
      expect(keys(area.en).sort()).toEqual(keys(area.zh).sort());
      for (const k of keys(area.zh)) {
        expect(String(get(area.zh, k)).trim(), k).not.toBe('');
        expect(String(get(area.en, k)).trim(), k).not.toBe('');
      }
    });
  }

  it('names every kind, type, status, field, coded value and menu entry', () => {
    const needed = [
      ...WORK_KINDS.map((k) => `kind.${k}`),
      ...REPORT_TYPES.map((k) => `type.${k}`),
      ...REPORT_STATUSES.map((k) => `status.${k}`),
    ];
    for (const side of [grid.zh, grid.en])
      for (const k of needed) expect(get(side, k), k).toBeTypeOf('string');
    const baseNeeded = [
      ...Object.values(FIELDS).flatMap((fs) => fs.map((f) => `field.${f.name}`)),
      ...KEY_GROUPS.map((g) => `option.keyGroup.${g}`),
      ...ORGANIZATION_KINDS.map((g) => `option.orgKind.${g}`),
      ...HOUSE_USES.map((g) => `option.use.${g}`),
      ...RESIDENCE_STATUSES.map((g) => `option.residenceStatus.${g}`),
    ];
    for (const side of [base.zh, base.en])
      for (const k of baseNeeded) expect(get(side, k), k).toBeTypeOf('string');
    for (const e of NAV) {
      expect(get(common.zh, `menu.${e.key}`), e.key).toBeTypeOf('string');
      expect(get(common.en, `menu.${e.key}`), e.key).toBeTypeOf('string');
    }
  });
});
