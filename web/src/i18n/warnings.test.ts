import { describe, expect, it } from 'vitest';
import { RISK_RULES } from '../../../src/core/triage/risk-rules';
import {
  WARNING_KINDS,
  WARNING_SEVERITIES,
  WARNING_STATUSES,
} from '../../../src/core/analysis/warning-routing';
import { warnings } from './warnings';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const get = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

// every reason code the server writes (core risk rules, intake, sweeps, quality call-backs)
const REASON_CODES = [
  'category',
  ...RISK_RULES,
  'set_at_registration',
  'same_id_number',
  'same_phone',
  'same_address',
  'same_name_pinyin',
  'spike',
  'overdue',
  'bounced',
  'reopened',
  'quality_reopen',
];

describe('words of analysis and early warning', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(keys(warnings.en).sort()).toEqual(keys(warnings.zh).sort());
    for (const k of keys(warnings.zh)) {
      expect(String(get(warnings.zh, k)).trim(), k).not.toBe('');
      expect(String(get(warnings.en, k)).trim(), k).not.toBe('');
    }
  });

  it('names every kind, level, status and reason the server sends', () => {
    const needed = [
      ...WARNING_KINDS.map((k) => `kind.${k}`),
      ...WARNING_SEVERITIES.map((s) => `severity.${s}`),
      ...[...WARNING_STATUSES, 'active'].map((s) => `status.${s}`),
      ...REASON_CODES.map((c) => `reason.${c}`),
      ...['raised', 'updated', 'reopened', 'acknowledged', 'handled'].map((a) => `detail.action.${a}`),
    ];
    for (const k of needed) expect(get(warnings.zh, k), k).toEqual(expect.any(String));
  });
});
