// Mediation statistics per organization and mediator (调解统计): of the mediations whose team was
// formed in a period, the cases, how many concluded, the success rate and the average duration
// (core/mediation/stats.ts defines them). One GROUP BY over the period's mediations of the
// organizations in the caller's scope (an index on (org, assigned_at) bounds it).
import { sql } from 'kysely';
import { cstDayOf, endOfCstDay } from '../../../core/calendar/work-calendar.js';
import { addDays } from '../../../core/mediation/performance.js';
import {
  addCounts,
  mediationFigures,
  NO_COUNTS,
  type MediationCounts,
} from '../../../core/mediation/stats.js';
import { isIsoDay } from '../../../core/stationing/roster.js';
import { mediationOrgRoleMayEver } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import type { MediationKind } from '../../db/tables.js';
import { badRequest, forbidden } from '../../http/errors.js';
import type { Staff } from './mediation-access.js';

export interface StatsQuery {
  /** first day of the period (CST); default the first of January of this year */
  from?: string;
  /** last day of the period (CST), inclusive; default today */
  to?: string;
  kind?: MediationKind;
}

/** At most this many days in one period (a few years): the figures stay one bounded query. */
const MAX_DAYS = 3 * 366;

export async function mediationStats(deps: AppDeps, auth: Staff, query: StatsQuery) {
  const role = auth.user.role;
  if (!mediationOrgRoleMayEver(role, 'read_mediation_stats')) throw forbidden();
  const today = cstDayOf(deps.clock());
  const from = query.from ?? `${today.slice(0, 4)}-01-01`;
  const to = query.to ?? today;
  for (const d of [from, to]) if (!isIsoDay(d)) throw badRequest('stationing.bad_date', { date: d });
  if (from > to || addDays(from, MAX_DAYS) < to) throw badRequest('mediation.bad_period');
  // a mediator sees their own organization; the centers' staff the organizations of their area
  const own = role === 'mediator';
  if (own && !auth.user.unitId) throw forbidden();
  const start = endOfCstDay(addDays(from, -1));
  const end = endOfCstDay(to);
  let rows = deps.db.kysely
    .selectFrom('case_mediations as cm')
    .innerJoin('cases as c', 'c.id', 'cm.case_id')
    .innerJoin('units as u', 'u.id', 'cm.org_unit_id')
    .innerJoin('users as m', 'm.id', 'cm.lead_mediator_id')
    .select((eb) => [
      'cm.org_unit_id',
      'u.name as org_name',
      'u.mediation_kind',
      'u.region_code',
      'cm.lead_mediator_id',
      'm.display_name as mediator_name',
      eb.fn.countAll<string>().as('cases'),
      sql<string>`count(*) filter (where c.outcome is not null)`.as('concluded'),
      sql<string>`count(*) filter (where c.outcome = 'mediated_agreement')`.as('agreements'),
      sql<string>`count(*) filter (where c.outcome = 'mediation_failed')`.as('failed'),
      sql<string>`coalesce(sum(extract(epoch from (c.concluded_at - cm.assigned_at))) filter (where c.outcome is not null and c.concluded_at is not null), 0)`.as(
        'duration',
      ),
    ])
    .where('cm.assigned_at', '>', start)
    .where('cm.assigned_at', '<=', end);
  rows = own
    ? rows.where('cm.org_unit_id', '=', auth.user.unitId!)
    : rows.where('u.region_code', 'like', `${auth.user.scopeCode}%`);
  if (query.kind) rows = rows.where('u.mediation_kind', '=', query.kind);
  const found = await rows
    .groupBy([
      'cm.org_unit_id',
      'u.name',
      'u.mediation_kind',
      'u.region_code',
      'cm.lead_mediator_id',
      'm.display_name',
    ])
    .execute();
  const countsOf = (r: (typeof found)[number]): MediationCounts => ({
    cases: Number(r.cases),
    concluded: Number(r.concluded),
    agreements: Number(r.agreements),
    failed: Number(r.failed),
    durationSeconds: Math.max(0, Math.round(Number(r.duration))),
  });
  const orgs = new Map<
    string,
    { name: string; kind: string | null; regionCode: string; counts: MediationCounts }
  >();
  let total = NO_COUNTS;
  for (const r of found) {
    const org = orgs.get(r.org_unit_id) ?? {
      name: r.org_name,
      kind: r.mediation_kind,
      regionCode: r.region_code,
      counts: NO_COUNTS,
    };
    org.counts = addCounts(org.counts, countsOf(r));
    orgs.set(r.org_unit_id, org);
    total = addCounts(total, countsOf(r));
  }
  const byCases = <T extends { cases: number; name: string }>(a: T, b: T) =>
    b.cases - a.cases || a.name.localeCompare(b.name, 'zh-CN');
  return {
    from,
    to,
    total: mediationFigures(total),
    orgs: [...orgs.entries()]
      .map(([id, o]) => ({
        orgId: id,
        name: o.name,
        mediationKind: o.kind,
        regionCode: o.regionCode,
        ...mediationFigures(o.counts),
      }))
      .sort(byCases),
    mediators: found
      .map((r) => ({
        userId: r.lead_mediator_id,
        name: r.mediator_name,
        orgId: r.org_unit_id,
        orgName: r.org_name,
        ...mediationFigures(countsOf(r)),
      }))
      .sort(byCases),
  };
}
