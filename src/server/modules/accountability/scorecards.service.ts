// Department scorecards: per department or mediation organization over a period, how it handled
// what it was given (on time, bounced back, overruled) and how it answered whistles (report-in
// timeliness, the escalating level's ratings). Supervisors and leaders see the units within their
// scope; a unit's own staff see their unit.
import type { AppDeps } from '../../deps.js';
import { HttpError, forbidden } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { OVERSIGHT_ROLES } from './accountability.service.js';
import { closedPeriodOf } from './period.js';
import type { UnitSet } from './scorecards.queries.js';
import { conclusionCounts, ledgerCounts, reportInCounts, scoredUnits } from './scorecards.queries.js';

const UNIT_ROLES = ['department_staff', 'mediator'];

const rate = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

export async function scorecards(
  deps: AppDeps,
  auth: AuthContext,
  q: { region?: string; from?: string; to?: string },
) {
  if (auth.kind !== 'staff') throw forbidden();
  const { user } = auth;
  let set: UnitSet;
  let ownUnit: string | null = null;
  if ((OVERSIGHT_ROLES as readonly string[]).includes(user.role)) {
    const region = q.region ?? user.scopeCode;
    if (!region.startsWith(user.scopeCode)) throw new HttpError(403, 'scorecards.region_out_of_scope');
    set = { regionPrefix: region };
  } else if (UNIT_ROLES.includes(user.role) && user.unitId) {
    ownUnit = user.unitId;
    set = { regionPrefix: '', unitId: user.unitId };
  } else {
    throw forbidden();
  }
  const period = closedPeriodOf(deps.clock(), q.from, q.to);
  const items = await unitScorecards(deps, set, period, ownUnit);
  return { region: set.unitId ? null : set.regionPrefix, from: period.fromDay, to: period.toDay, items };
}

/**
 * The scorecards of a set of units over [from, to): those with something in the period, and
 * `ownUnit` always. Callers check who may read them (the weekly meeting's report reuses this).
 */
export async function unitScorecards(
  deps: AppDeps,
  set: UnitSet,
  period: { from: Date; to: Date },
  ownUnit: string | null = null,
) {
  const db = deps.db.kysely;
  const [units, ledger, conclusions, reportIns] = await Promise.all([
    scoredUnits(db, set),
    ledgerCounts(db, set, period.from, period.to),
    conclusionCounts(db, set, period.from, period.to),
    reportInCounts(db, set, period.from, period.to),
  ]);
  const byUnit = <T extends { unit_id: string | null }>(rows: T[]) =>
    new Map(rows.map((r) => [r.unit_id, r]));
  const L = byUnit(ledger);
  const C = byUnit(conclusions);
  const R = byUnit(reportIns);
  return units
    .filter((u) => u.id === ownUnit || L.has(u.id) || C.has(u.id) || R.has(u.id))
    .map((u) => {
      const l = L.get(u.id);
      const c = C.get(u.id);
      const r = R.get(u.id);
      const settled = (r?.on_time ?? 0) + (r?.late ?? 0) + (r?.missed ?? 0);
      return {
        unitId: u.id,
        unitName: u.name,
        kind: u.kind,
        regionCode: u.region_code,
        departmentType: u.department_type,
        casesLed: l?.led ?? 0,
        assignmentsReceived: l?.received ?? 0,
        concluded: c?.concluded ?? 0,
        concludedOnTime: c?.on_time ?? 0,
        /** concluded within the handling deadline ÷ concluded with a deadline */
        onTimeRate: rate(c?.on_time ?? 0, c?.measured ?? 0),
        rejections: l?.rejected ?? 0,
        /** rejections (退回) ÷ assignments received */
        bounceBackRate: rate(l?.rejected ?? 0, l?.received ?? 0),
        overruled: l?.overruled ?? 0,
        /** rejections the dispatcher overruled ÷ rejections */
        overruledRate: rate(l?.overruled ?? 0, l?.rejected ?? 0),
        reportIns: {
          summoned: r?.summoned ?? 0,
          onTime: r?.on_time ?? 0,
          late: r?.late ?? 0,
          missed: r?.missed ?? 0,
          open: r?.open ?? 0,
          cancelled: r?.cancelled ?? 0,
          /** on time ÷ (on time + late + missed) */
          timelinessRate: rate(r?.on_time ?? 0, settled),
        },
        ratings: {
          count: r?.rated ?? 0,
          average:
            r?.avg_rating === null || r?.avg_rating === undefined
              ? null
              : Math.round(r.avg_rating * 100) / 100,
        },
      };
    });
}
