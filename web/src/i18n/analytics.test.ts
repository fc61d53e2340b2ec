import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../src/core/workflow/case-model';
import { CASE_FIGURES } from '../pages/analytics/figure-links';
import { analytics } from './analytics';

function entries(o: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object'
      ? entries(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v]],
  );
}
const keys = (o: Record<string, unknown>) => entries(o).map(([k]) => k);

describe('words of the dashboards', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(keys(analytics.en).sort()).toEqual(keys(analytics.zh).sort());
    for (const side of [analytics.zh, analytics.en]) {
      for (const [k, v] of entries(side)) expect(String(v).trim(), k).not.toBe('');
    }
  });

  it('names every figure and channel the pages show', () => {
    const zh = keys(analytics.zh);
    for (const f of CASE_FIGURES) expect(zh).toContain(`kpi.${f}`);
    for (const c of CHANNELS) expect(zh).toContain(`channel.${c}`);
  });
});
