// Where each dashboard figure leads: the case list (案件查询, /cases) with the filters that select
// exactly the cases the figure counts, following the rollups' attribution (received on the
// registration day under the first-contact unit; concluded, resolved, on time, followed up and
// satisfied by the current conclusion's day under its lead unit; reopen, withdrawal, decline on
// their day), or the grid reports page for the grid reports' backlog.
import { filtersToParams, type CaseFilters } from '../work/case-filters';

export const CASE_FIGURES = [
  'received',
  'resolved',
  'concluded',
  'concludedOnTime',
  'followedUp',
  'satisfied',
  'reopened',
  'withdrawn',
  'declined',
  'open',
  'overdue',
] as const;
export type CaseFigure = (typeof CASE_FIGURES)[number];

/** What a figure is about besides its kind: a region and period, maybe one category, channel or unit. */
export interface FigureScope {
  region: string;
  from: string;
  to: string;
  category?: string;
  channel?: CaseFilters['channel'];
  unitId?: string;
}

/** The case list's filters behind a figure. */
export function figureFilters(figure: CaseFigure, s: FigureScope): CaseFilters {
  const base: CaseFilters = { region: s.region, category: s.category, channel: s.channel };
  const concluded: CaseFilters = { ...base, concludedFrom: s.from, concludedTo: s.to };
  // a unit's received cases are those it registered (首问); everything else it led
  const unit = (relation: 'owner' | 'lead'): CaseFilters =>
    s.unitId ? { unit: s.unitId, relation: [relation] } : {};
  const event = (e: NonNullable<CaseFilters['event']>): CaseFilters => ({
    ...base,
    ...unit('lead'),
    event: e,
    eventFrom: s.from,
    eventTo: s.to,
  });
  switch (figure) {
    case 'received':
      return { ...base, ...unit('owner'), receivedFrom: s.from, receivedTo: s.to };
    case 'concluded':
      return { ...concluded, ...unit('lead') };
    case 'resolved':
      return { ...concluded, ...unit('lead'), resolved: true };
    case 'concludedOnTime':
      return { ...concluded, ...unit('lead'), onTime: true };
    case 'followedUp':
      return { ...concluded, ...unit('lead'), followedUp: true };
    case 'satisfied':
      return { ...concluded, ...unit('lead'), satisfied: true };
    case 'reopened':
      return event('reopen');
    case 'withdrawn':
      return event('withdraw');
    case 'declined':
      return event('decline');
    case 'open':
      return { ...base, ...unit('lead'), state: ['registered', 'assigned', 'in_progress'] };
    case 'overdue':
      return { ...base, ...unit('lead'), overdue: true };
  }
}

/** The case list URL behind a figure. */
export function casesLink(figure: CaseFigure, s: FigureScope): string {
  return `/cases?${filtersToParams(figureFilters(figure, s)).toString()}`;
}

/** The grid reports page behind a grid backlog figure (open or overdue now). */
export function gridReportsLink(figure: 'open' | 'overdue', region: string): string {
  const sp = new URLSearchParams({ region });
  sp.set(figure, 'true');
  return `/grid/reports?${sp.toString()}`;
}

/** The warnings page at a region: the active (not yet handled) warnings the figure counts. */
export function warningsLink(region: string): string {
  return `/warnings?${new URLSearchParams({ region }).toString()}`;
}

/**
 * The grid reports behind a grid figure of a period: reports other than disputes (cases count
 * those) received, or concluded, in it.
 */
export function gridFigureLink(figure: 'received' | 'concluded', s: FigureScope): string {
  return `/grid/reports?${new URLSearchParams({ region: s.region, from: s.from, to: s.to, figure }).toString()}`;
}
