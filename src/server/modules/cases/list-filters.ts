// The case list's filters from its query string: the list, the export and an export request
// (modules/export-requests, which re-runs the stored query on download) read them alike.
import { badRequest } from '../../http/errors.js';
import type { ExportQueryT } from './cases.schemas.js';
import type { ExportFilters } from './export-cases.js';
import { dayRange } from './figure-filters.js';

/** The list's filters from its query string (the export takes the same). */
export function filtersOf(qs: ExportQueryT): ExportFilters {
  // a relation qualifies a unit: alone it would silently mean nothing
  if (qs.relation?.length && !qs.unit) throw badRequest('validation.required', { field: 'unit' });
  return {
    states: qs.state,
    categoryCode: qs.category,
    channel: qs.channel,
    regionCode: qs.region,
    unitId: qs.unit,
    unitRelations: qs.relation,
    riskLevel: qs.risk,
    text: qs.q,
    overdue: qs.overdue,
    light: qs.light,
    awaitingRuling: qs.awaitingRuling,
    extensionPending: qs.extensionPending,
    received: dayRange(qs.receivedFrom, qs.receivedTo, { from: 'receivedFrom', to: 'receivedTo' }),
    concluded: dayRange(qs.concludedFrom, qs.concludedTo, { from: 'concludedFrom', to: 'concludedTo' }),
    resolved: qs.resolved,
    onTime: qs.onTime,
    followedUp: qs.followedUp,
    satisfied: qs.satisfied,
    event: eventOf(qs),
  };
}

/** A ledger action in a period; the period alone would say nothing. */
function eventOf(qs: ExportQueryT): ExportFilters['event'] {
  const range = dayRange(qs.eventFrom, qs.eventTo, { from: 'eventFrom', to: 'eventTo' });
  if (range && !qs.event) throw badRequest('validation.required', { field: 'event' });
  return qs.event ? { action: qs.event, range: range ?? {} } : undefined;
}
