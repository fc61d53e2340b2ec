// The dashboard's pure rules: its state in the URL, quick periods, and how figures read.
import type { DashboardQuery, Granularity } from './analytics-api';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^[0-9]{2,15}$/;
const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];
const DAY_MS = 86_400_000;

/** Today in China (UTC+8 all year), YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** `day` moved by n days. */
export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export const PRESETS = ['last7', 'last30', 'month', 'quarter', 'year'] as const;
export type Preset = (typeof PRESETS)[number];

/** The period of a quick choice, ending today. */
export function presetPeriod(p: Preset, today: string): { from: string; to: string } {
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  switch (p) {
    case 'last7':
      return { from: shiftDay(today, -6), to: today };
    case 'last30':
      return { from: shiftDay(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'quarter':
      return { from: `${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`, to: today };
    case 'year':
      return { from: `${y}-01-01`, to: today };
  }
}

/** A sensible trend granularity for a period: days up to two months, weeks up to a year, else months. */
export function defaultGranularity(from: string, to: string): Granularity {
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** The dashboard's state from its URL; anything malformed falls back to the last 30 days. */
export function parseDashboard(sp: URLSearchParams, today: string): DashboardQuery {
  const region = sp.get('region');
  let from = sp.get('from');
  let to = sp.get('to');
  if (!from || !to || !DAY.test(from) || !DAY.test(to) || from > to) {
    ({ from, to } = presetPeriod('last30', today));
  }
  const g = sp.get('g') as Granularity | null;
  return {
    region: region && REGION.test(region) ? region : undefined,
    from,
    to,
    granularity: g && GRANULARITIES.includes(g) ? g : defaultGranularity(from, to),
  };
}

/** The URL query of a dashboard state (stable order). */
export function dashboardParams(q: DashboardQuery): URLSearchParams {
  const sp = new URLSearchParams();
  if (q.region) sp.set('region', q.region);
  sp.set('from', q.from);
  sp.set('to', q.to);
  sp.set('g', q.granularity);
  return sp;
}

/** A rate as a percentage with one decimal (96.0 %), or a dash when there is nothing to divide. */
export function formatRate(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** A trend point's label: the day, the week's first day, or the month. */
export function pointLabel(from: string, g: Granularity): string {
  return g === 'month' ? from.slice(0, 7) : from.slice(5);
}
