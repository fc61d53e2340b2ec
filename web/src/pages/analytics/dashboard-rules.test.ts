import { describe, expect, it } from 'vitest';
import {
  chinaToday,
  dashboardParams,
  defaultGranularity,
  formatRate,
  parseDashboard,
  presetPeriod,
  shiftDay,
} from './dashboard-rules';

describe('dashboard rules', () => {
  it('takes today in China, not in UTC', () => {
    expect(chinaToday(new Date('2026-03-14T16:30:00Z'))).toBe('2026-03-15');
    expect(chinaToday(new Date('2026-03-14T15:59:00Z'))).toBe('2026-03-14');
  });

  it('quick periods end today', () => {
    expect(presetPeriod('last7', '2026-03-15')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(presetPeriod('last30', '2026-03-15')).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(presetPeriod('month', '2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(presetPeriod('quarter', '2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-05-20' });
    expect(presetPeriod('year', '2026-05-20')).toEqual({ from: '2026-01-01', to: '2026-05-20' });
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('reads its state from the URL, falling back to the last 30 days', () => {
    const q = parseDashboard(
      new URLSearchParams('region=371403&from=2026-01-01&to=2026-06-30'),
      '2026-07-01',
    );
    expect(q).toEqual({ region: '371403', from: '2026-01-01', to: '2026-06-30', granularity: 'week' });
    expect(parseDashboard(dashboardParams(q), '2026-07-01')).toEqual(q);
    const bad = parseDashboard(
      new URLSearchParams('region=x&from=2026-05-01&to=2026-04-01&g=hour'),
      '2026-07-01',
    );
    expect(bad).toEqual({ region: undefined, from: '2026-06-02', to: '2026-07-01', granularity: 'day' });
    expect(defaultGranularity('2024-01-01', '2026-01-01')).toBe('month');
  });

  it('shows rates as percentages, and a dash when there is nothing to divide', () => {
    expect(formatRate(0.9583)).toBe('95.8%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });
});
