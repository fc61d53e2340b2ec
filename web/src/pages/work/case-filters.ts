// The case list's filters, kept in the URL's query string so a search can be shared and the back
// button returns to it. The same names as GET /api/cases (and its CSV export).
import { CASE_STATES, CHANNELS, RISK_LEVELS } from '../../../../src/core/workflow/case-model';
import type { CaseState, Channel, RiskLevel } from '../../../../src/core/workflow/case-model';

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const UNIT_RELATIONS = ['lead', 'co_handler', 'summoned', 'owner'] as const;
export type UnitRelation = (typeof UNIT_RELATIONS)[number];

export interface CaseFilters {
  state?: CaseState[];
  category?: string;
  channel?: Channel;
  region?: string;
  unit?: string;
  relation?: UnitRelation[];
  risk?: RiskLevel;
  overdue?: boolean;
  light?: Light;
  awaitingRuling?: boolean;
  extensionPending?: boolean;
  q?: string;
  // the cases behind a dashboard figure (CST days, YYYY-MM-DD, both ends included)
  receivedFrom?: string;
  receivedTo?: string;
  concludedFrom?: string;
  concludedTo?: string;
  resolved?: boolean;
  onTime?: boolean;
  followedUp?: boolean;
  satisfied?: boolean;
  event?: FigureEvent;
  eventFrom?: string;
  eventTo?: string;
}

export const FIGURE_EVENTS = ['reopen', 'withdraw', 'decline'] as const;
export type FigureEvent = (typeof FIGURE_EVENTS)[number];
/** The filters a dashboard figure sets (shown as removable tags on the list). */
export const FIGURE_KEYS = [
  'receivedFrom', 'receivedTo', 'concludedFrom', 'concludedTo', 'resolved', 'onTime', 'followedUp',
  'satisfied', 'event', 'eventFrom', 'eventTo',
] as const satisfies readonly (keyof CaseFilters)[]; // prettier-ignore

const REGION = /^[0-9]{2,15}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: string | null): string | undefined => (v && DAY.test(v) ? v : undefined);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
const bool = (v: string | null): boolean | undefined =>
  v === 'true' ? true : v === 'false' ? false : undefined;

/** Filters from a query string; values the API would refuse are dropped, not passed on. */
export function parseFilters(sp: URLSearchParams): CaseFilters {
  const states = [...new Set(sp.getAll('state'))].filter((s): s is CaseState =>
    (CASE_STATES as readonly string[]).includes(s),
  );
  const relations = [...new Set(sp.getAll('relation'))].filter((r): r is UnitRelation =>
    (UNIT_RELATIONS as readonly string[]).includes(r),
  );
  const region = sp.get('region');
  const unit = sp.get('unit');
  const q = sp.get('q')?.trim().slice(0, 100);
  const category = sp.get('category');
  const f: CaseFilters = {
    state: states.length ? states : undefined,
    category: category && /^[a-z_]{1,40}$/.test(category) ? category : undefined,
    channel: oneOf(CHANNELS, sp.get('channel')),
    region: region && REGION.test(region) ? region : undefined,
    unit: unit && UUID.test(unit) ? unit : undefined,
    risk: oneOf(RISK_LEVELS, sp.get('risk')),
    overdue: sp.get('overdue') === 'true' ? true : undefined,
    light: oneOf(LIGHTS, sp.get('light')),
    awaitingRuling: bool(sp.get('awaitingRuling')),
    extensionPending: bool(sp.get('extensionPending')),
    q: q || undefined,
    receivedFrom: day(sp.get('receivedFrom')),
    receivedTo: day(sp.get('receivedTo')),
    concludedFrom: day(sp.get('concludedFrom')),
    concludedTo: day(sp.get('concludedTo')),
    resolved: bool(sp.get('resolved')),
    onTime: bool(sp.get('onTime')),
    followedUp: bool(sp.get('followedUp')),
    satisfied: bool(sp.get('satisfied')),
    event: oneOf(FIGURE_EVENTS, sp.get('event')),
  };
  // a period of events means nothing without the event (the API refuses it)
  if (f.event) {
    f.eventFrom = day(sp.get('eventFrom'));
    f.eventTo = day(sp.get('eventTo'));
  }
  // a relation means nothing without its unit (the API refuses it)
  if (f.unit && relations.length) f.relation = relations;
  return dropEmpty(f);
}

/** The query string of filters, in a stable order (the same filters give the same URL). */
export function filtersToParams(f: CaseFilters): URLSearchParams {
  const sp = new URLSearchParams();
  const order: (keyof CaseFilters)[] = [
    'q', 'state', 'category', 'channel', 'region', 'unit', 'relation', 'risk', 'overdue', 'light',
    'awaitingRuling', 'extensionPending', ...FIGURE_KEYS,
  ]; // prettier-ignore
  for (const key of order) {
    const v = f[key];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (key === 'overdue' && v === false) continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(key, x));
    else sp.set(key, String(v));
  }
  return sp;
}

/** Whether the list shows the cases behind a dashboard figure (it then says how many in all). */
export function isFigureList(f: CaseFilters): boolean {
  return FIGURE_KEYS.some((k) => f[k] !== undefined);
}

/** The GET /api/cases URL of one page (with the total when it lists a figure's cases). */
export function listUrl(f: CaseFilters, page: { cursor?: string | null; limit?: number } = {}): string {
  const sp = filtersToParams(f);
  if (isFigureList(f)) sp.set('count', 'true');
  if (page.limit) sp.set('limit', String(page.limit));
  if (page.cursor) sp.set('cursor', page.cursor);
  const s = sp.toString();
  return `/api/cases${s ? `?${s}` : ''}`;
}

/** The CSV export of the same filters (no paging: the server streams them all, capped). */
export function exportUrl(f: CaseFilters): string {
  const s = filtersToParams(f).toString();
  return `/api/cases/export.csv${s ? `?${s}` : ''}`;
}

/** Whether any filter is set (the page offers "reset" then). */
export function hasFilters(f: CaseFilters): boolean {
  return filtersToParams(f).toString() !== '';
}

function dropEmpty(f: CaseFilters): CaseFilters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as CaseFilters;
}
