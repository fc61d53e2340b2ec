// Quality call-backs (抽查回访, issue 8): each week a random sample of every county's concluded
// cases (10 %, at least 3; the draw repeatable from its seed) goes to someone who did not handle
// them, who calls the resident back and records the satisfaction and whether the problem needs the
// case reopened. Their rates stand next to 办结率, so that a high closure rate cannot hide unhappy
// residents; a call-back that finds the problem unsolved raises a stuck-case warning for the level
// that handles the case (the workflow reopens only after an unsatisfied follow-up, so the
// dispatcher decides).
import type { Kysely } from 'kysely';
import {
  SAMPLE_MIN,
  SAMPLE_RATE,
  drawSample,
  pickChecker,
  sampleSeed,
  sampleSize,
  weekBounds,
  weekStartOf,
} from '../../../core/analysis/quality-sample.js';
import { responsibleLevel } from '../../../core/analysis/warning-routing.js';
import type { Satisfaction } from '../../../core/workflow/case-model.js';
import {
  analysisRoleMayEver,
  isAnalysisAllowed,
  type AnalysisRelation,
} from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import type { Database } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import { recordStaffAction } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { raiseWarning } from '../warnings/warnings.service.js';
import * as q from './quality-checks.queries.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;

/**
 * Draws the samples of the last complete CST week (Monday to Sunday), one per county with
 * concluded cases, unless drawn already; a case without anyone independent to call it back is
 * left out (counted as unassigned).
 */
export async function sweepQualitySample(
  deps: Pick<AppDeps, 'db' | 'clock' | 'newId'>,
): Promise<{ counties: number; sampled: number; unassigned: number }> {
  const now = deps.clock();
  const week = weekStartOf(new Date(now.getTime() - 7 * 86_400_000));
  const { from, to } = weekBounds(week);
  const concluded = await q.concludedBetween(deps.db.kysely, from, to);
  const byCounty = new Map<string, typeof concluded>();
  for (const c of concluded) byCounty.set(c.county_code, [...(byCounty.get(c.county_code) ?? []), c]);
  const out = { counties: 0, sampled: 0, unassigned: 0 };
  for (const [county, cases] of byCounty) {
    if (await q.sampleExists(deps.db.kysely, county, week)) continue;
    const seed = sampleSeed(county, week);
    const size = sampleSize(cases.length);
    const drawn = new Set(
      drawSample(
        cases.map((c) => c.id),
        seed,
        size,
      ),
    );
    const result = await withTransaction(deps.db, async (trx) => {
      if (
        !(await q.insertSample(trx, {
          county_code: county,
          week_start: week,
          population: cases.length,
          sample_size: size,
          seed,
          created_at: now,
        }))
      )
        return null;
      const rows = [];
      let unassigned = 0;
      for (const c of cases.filter((x) => drawn.has(x.id))) {
        const handlers = await q.handlersOf(trx, c.id);
        const candidates = await q.checkerCandidates(trx, c.region_code, handlers);
        const checker = pickChecker(
          candidates.map((u) => u.id),
          seed,
          c.id,
        );
        if (!checker) {
          unassigned += 1;
          continue;
        }
        rows.push({
          id: deps.newId(),
          county_code: county,
          case_id: c.id,
          week_start: week,
          region_code: c.region_code,
          concluded_at: c.concluded_at!,
          assigned_to: checker,
          satisfaction: null,
          reopen_needed: null,
          note: null,
          recorded_at: null,
          created_at: now,
          updated_at: now,
        });
      }
      return { sampled: await q.insertChecks(trx, rows), unassigned };
    });
    if (!result) continue;
    out.counties += 1;
    out.sampled += result.sampled;
    out.unassigned += result.unassigned;
  }
  return out;
}

export interface QualityRates {
  region: string;
  from: string;
  to: string;
  /** the stated sampling rule */
  rule: { rate: number; min: number };
  sampled: number;
  pending: number;
  unreachable: number;
  /** call-backs that reached the resident */
  reached: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  /** (satisfied + basically satisfied) ÷ reached; null before any was reached */
  satisfactionRate: number | null;
  /** call-backs that found the problem unsolved ÷ reached */
  reopenNeeded: number;
  reopenRate: number | null;
}

/**
 * The sample's satisfaction and reopen rates for the checks of cases concluded in [from, to) under
 * a region: what the dashboards show next to 办结率.
 */
export async function qualityCheckRates(
  db: Kysely<Database>,
  regionCode: string,
  from: Date,
  to: Date,
): Promise<QualityRates> {
  const r = await q.rateCounts(db, regionCode, from, to);
  const n = (x: string | number) => Number(x);
  const reached = n(r.reached);
  const ratio = (x: number) => (reached === 0 ? null : Math.round((x / reached) * 10_000) / 10_000);
  const satisfied = n(r.satisfied);
  const basically = n(r.basically_satisfied);
  return {
    region: regionCode,
    from: from.toISOString(),
    to: to.toISOString(),
    rule: { rate: SAMPLE_RATE, min: SAMPLE_MIN },
    sampled: n(r.sampled),
    pending: n(r.pending),
    unreachable: n(r.unreachable),
    reached,
    satisfied,
    basicallySatisfied: basically,
    unsatisfied: n(r.unsatisfied),
    satisfactionRate: ratio(satisfied + basically),
    reopenNeeded: n(r.reopen_needed),
    reopenRate: ratio(n(r.reopen_needed)),
  };
}

// ---- the console -------------------------------------------------------------------------------

export function requireQualityReader(auth: AuthContext): Staff {
  if (auth.kind !== 'staff' || !analysisRoleMayEver(auth.user.role, 'read_quality')) throw forbidden();
  return auth;
}

type CheckRow = NonNullable<Awaited<ReturnType<typeof q.getCheck>>>;

function relationsTo(auth: Staff, row: { region_code: string; assigned_to: string }): AnalysisRelation[] {
  const out: AnalysisRelation[] = [];
  if (row.region_code.startsWith(auth.user.scopeCode)) out.push('in_scope');
  if (row.assigned_to === auth.user.id) out.push('assigned');
  return out;
}

export interface QualityCheckView {
  id: string;
  caseId: string;
  caseNo: string;
  title: string;
  categoryCode: string;
  outcome: string | null;
  /** what the case's own follow-up recorded */
  caseSatisfaction: string | null;
  caseState: string;
  weekStart: string;
  regionCode: string;
  concludedAt: string;
  assignedTo: string;
  assigneeName: string;
  status: string;
  satisfaction: string | null;
  reopenNeeded: boolean | null;
  note: string | null;
  recordedAt: string | null;
  /** whether the caller is the one to record it */
  mine: boolean;
}

function viewOf(r: Omit<CheckRow, 'handling_level' | 'county_code'>, auth: Staff): QualityCheckView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    title: r.title,
    categoryCode: r.category_code,
    outcome: r.outcome,
    caseSatisfaction: r.case_satisfaction,
    caseState: r.case_state,
    weekStart: r.week_start,
    regionCode: r.region_code,
    concludedAt: r.concluded_at.toISOString(),
    assignedTo: r.assigned_to,
    assigneeName: r.assignee_name,
    status: r.status,
    satisfaction: r.satisfaction,
    reopenNeeded: r.reopen_needed,
    note: r.note,
    recordedAt: r.recorded_at?.toISOString() ?? null,
    mine: r.assigned_to === auth.user.id,
  };
}

/**
 * Checks the caller may see: 'mine' (assigned to them, any role that calls back) or 'scope' (all
 * under their scope: dispatchers, leaders, supervisors).
 */
export async function listChecks(
  deps: AppDeps,
  auth: AuthContext,
  f: { scope: 'mine' | 'scope'; status?: 'pending' | 'done' | 'unreachable'; cursor?: string; limit: number },
) {
  const staff = requireQualityReader(auth);
  if (f.scope === 'scope' && !isAnalysisAllowed(staff.user.role, 'read_quality', ['in_scope']))
    throw forbidden();
  const rows = await q.listChecks(deps.db.kysely, {
    ...(f.scope === 'mine' ? { assignedTo: staff.user.id } : { regionPrefix: staff.user.scopeCode }),
    status: f.status,
    before: f.cursor,
    limit: f.limit,
  });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => viewOf(r, staff)),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

export async function getCheck(deps: AppDeps, auth: AuthContext, id: string): Promise<QualityCheckView> {
  const staff = requireQualityReader(auth);
  const row = await q.getCheck(deps.db.kysely, id);
  if (!row || !isAnalysisAllowed(staff.user.role, 'read_quality', relationsTo(staff, row))) throw notFound();
  return viewOf(row, staff);
}

export interface CheckResult {
  /** whether the resident was reached */
  reached: boolean;
  satisfaction?: Satisfaction;
  /** the problem is not solved: the case should be reopened */
  reopenNeeded?: boolean;
  note?: string;
}

/** Records a call-back (once); an unsolved problem raises a stuck-case warning. */
export async function recordCheck(
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: CheckResult,
  ip: string | null,
): Promise<QualityCheckView> {
  const staff = requireQualityReader(auth);
  return withTransaction(deps.db, async (trx) => {
    const row = await q.getCheck(trx, id, true);
    const rel = row ? relationsTo(staff, row) : [];
    if (!row || !isAnalysisAllowed(staff.user.role, 'read_quality', rel)) throw notFound();
    if (!isAnalysisAllowed(staff.user.role, 'do_quality_check', rel)) throw forbidden('quality.not_assigned');
    if (body.reached && (!body.satisfaction || body.reopenNeeded === undefined)) {
      throw badRequest('quality.result_incomplete');
    }
    if (!body.reached && (body.satisfaction || body.reopenNeeded))
      throw badRequest('quality.unreached_with_result');
    if (row.status !== 'pending') throw conflict('quality.already_recorded');
    const now = deps.clock();
    const note = body.note?.trim() || null;
    const updated = await q.recordResult(trx, row.id, {
      status: body.reached ? 'done' : 'unreachable',
      satisfaction: body.reached ? body.satisfaction! : null,
      reopen_needed: body.reached ? body.reopenNeeded! : null,
      note,
      recorded_at: now,
    });
    if (!updated) throw conflict('quality.already_recorded');
    await recordStaffAction(trx, deps, {
      user: staff.user,
      at: now,
      ip,
      action: 'quality_check.record',
      targetType: 'quality_check',
      targetId: row.id,
      detail: { case_id: row.case_id, reached: body.reached, satisfaction: body.satisfaction ?? null },
    });
    if (body.reached && body.reopenNeeded) {
      await raiseWarning(trx, deps, {
        kind: 'stuck',
        subjectKey: `stuck:quality:${row.id}`,
        severity: body.satisfaction === 'unsatisfied' ? 'orange' : 'yellow',
        regionCode: row.region_code,
        levelCode: responsibleLevel(row.region_code, 'orange', row.handling_level),
        caseId: row.case_id,
        categoryCode: row.category_code,
        reasons: [
          { code: 'quality_reopen', params: { satisfaction: body.satisfaction!, week: row.week_start } },
        ],
        evidence: { caseIds: [row.case_id], caseNo: row.case_no, checkId: row.id },
        weight: 1,
      });
    }
    return viewOf(
      {
        ...row,
        status: body.reached ? 'done' : 'unreachable',
        satisfaction: body.reached ? body.satisfaction! : null,
        reopen_needed: body.reached ? body.reopenNeeded! : null,
        note,
        recorded_at: now,
      },
      staff,
    );
  });
}
