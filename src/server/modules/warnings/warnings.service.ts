// Warnings (预警, issue 8): raised at intake (high risk, repeats) and by the sweeps (spikes, stuck
// cases), each with its reasons and evidence, routed to the level responsible for the place, and
// acknowledged and handled like a task (open → acknowledged → handled, with a note). One warning
// per subject: a later sighting updates it, and a returning person reopens a handled one.
import type { Kysely, Selectable } from 'kysely';
import {
  WARNING_KINDS,
  higherSeverity,
  type WarningKind,
  type WarningSeverity,
  type WarningStatus,
} from '../../../core/analysis/warning-routing.js';
import { analysisRoleMayEver, isAnalysisAllowed, warningRelations } from '../../../core/workflow/policy.js';
import type { AppDeps } from '../../deps.js';
import type { Database, WarningsTable } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { recordStaffAction } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import { notifyWarnings } from '../live/live.notify.js';
import * as q from './warnings.queries.js';

type Db = Kysely<Database>;
type Row = Selectable<WarningsTable>;
type Staff = Extract<AuthContext, { kind: 'staff' }>;

/** One reason of a warning: a rule code the console translates, with the words or numbers behind it. */
export interface WarningReason {
  code: string;
  level?: string;
  words?: string[];
  params?: Record<string, string | number>;
}

/**
 * Open warnings (not yet handled) under a region node, in total and by kind (every kind listed,
 * zeros included): the "open warnings" figure of the dashboards and the wall screen.
 */
export async function countOpenWarnings(
  db: Db,
  regionCode: string,
): Promise<{ total: number; byKind: Record<string, number> }> {
  const rows = await q.countOpen(db, regionCode);
  const byKind: Record<string, number> = Object.fromEntries(WARNING_KINDS.map((k) => [k, 0]));
  for (const r of rows) byKind[r.kind] = Number(r.n);
  return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
}

export interface WarningSummary {
  id: string;
  kind: WarningKind;
  severity: WarningSeverity;
  status: WarningStatus;
  regionCode: string;
  regionName: string | null;
  levelCode: string;
  unitId: string | null;
  unitName: string | null;
  caseId: string | null;
  caseNo: string | null;
  categoryCode: string | null;
  reasons: WarningReason[];
  /** cases the evidence names */
  caseCount: number;
  occurrences: number;
  raisedAt: string;
  lastRaisedAt: string;
  acknowledgedAt: string | null;
  handledAt: string | null;
  handledNote: string | null;
  version: number;
}

export interface WarningQuery {
  /** the region node (prefix) to list under */
  regionCode: string;
  kind?: WarningKind;
  /** 'active' (default in the console): open or acknowledged */
  status?: WarningStatus | 'active';
  severity?: WarningSeverity;
  caseId?: string;
  /** first raised in [raisedFrom, raisedTo) (the situation report's new warnings of a week) */
  raisedFrom?: Date;
  raisedTo?: Date;
  /** the last id of the previous page */
  cursor?: string;
  limit?: number;
}

const caseIdsOf = (evidence: unknown): string[] => {
  const ids = (evidence as { caseIds?: unknown } | null)?.caseIds;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
};

function summaryOf(
  r: Row & { region_name?: string | null; unit_name?: string | null; case_no?: string | null },
): WarningSummary {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    levelCode: r.level_code,
    unitId: r.unit_id,
    unitName: r.unit_name ?? null,
    caseId: r.case_id,
    caseNo: r.case_no ?? null,
    categoryCode: r.category_code,
    reasons: r.reasons as WarningReason[],
    caseCount: caseIdsOf(r.evidence).length,
    occurrences: r.occurrences,
    raisedAt: r.raised_at.toISOString(),
    lastRaisedAt: r.last_raised_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    handledAt: r.handled_at?.toISOString() ?? null,
    handledNote: r.handled_note,
    version: r.version,
  };
}

/** A page of the warnings under a region, newest first (no authorization: callers scope it). */
export async function listWarnings(
  db: Db,
  query: WarningQuery,
): Promise<{ items: WarningSummary[]; nextCursor: string | null }> {
  const limit = query.limit ?? 20;
  const rows = await q.listWarningRows(db, {
    regionPrefix: query.regionCode,
    kind: query.kind,
    status: query.status,
    severity: query.severity,
    caseId: query.caseId,
    raisedFrom: query.raisedFrom,
    raisedTo: query.raisedTo,
    before: query.cursor,
    limit,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map(summaryOf),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

// ---- raising ------------------------------------------------------------------------------------

export interface RaiseInput {
  kind: WarningKind;
  /** one warning per subject: 'high_risk:<case>', 'repeat:<first case>', 'spike:<township>:<category>:<week>' … */
  subjectKey: string;
  severity: WarningSeverity;
  regionCode: string;
  /** the level that must act: a prefix of regionCode */
  levelCode: string;
  caseId?: string | null;
  categoryCode?: string | null;
  reasons: WarningReason[];
  /** the facts: caseIds and whatever else explains it; never personal data */
  evidence: { caseIds: string[] } & Record<string, unknown>;
  /**
   * How much evidence there is (cases of a repeat, the count of a spike week): raising the same
   * subject again with more updates the warning; with the same or less changes nothing.
   */
  weight: number;
  /** a handled warning opens again when more evidence comes (a person who returns once more) */
  reopenWhenHandled?: boolean;
}

export type RaiseOutcome = 'raised' | 'updated' | 'reopened' | 'unchanged';

/**
 * Raises (or updates) the warning of a subject inside the caller's transaction, records the step
 * in its trail and tells the live streams at COMMIT. Safe to call twice or from two processes.
 */
export async function raiseWarning(
  trx: Db,
  deps: Pick<AppDeps, 'newId' | 'clock'>,
  input: RaiseInput,
  /** the center of each level, remembered across the raises of one sweep */
  centers?: Map<string, string | null>,
): Promise<{ id: string; outcome: RaiseOutcome }> {
  if (!input.regionCode.startsWith(input.levelCode))
    throw new Error('a warning’s level must contain its place');
  const now = deps.clock();
  let unitId = centers?.get(input.levelCode);
  if (unitId === undefined) {
    unitId = await q.centerAt(trx, input.levelCode);
    centers?.set(input.levelCode, unitId);
  }
  const evidence = JSON.stringify({ ...input.evidence, weight: input.weight });
  const reasons = JSON.stringify(input.reasons);
  const id = deps.newId();
  const inserted = await q.insertWarning(trx, {
    id,
    county_code: input.regionCode.slice(0, 6),
    kind: input.kind,
    subject_key: input.subjectKey,
    severity: input.severity,
    region_code: input.regionCode,
    level_code: input.levelCode,
    unit_id: unitId,
    case_id: input.caseId ?? null,
    category_code: input.categoryCode ?? null,
    reasons,
    evidence,
    raised_at: now,
    last_raised_at: now,
    acknowledged_at: null,
    acknowledged_by: null,
    handled_at: null,
    handled_by: null,
    handled_note: null,
    updated_at: now,
  });
  if (inserted) {
    await trail(trx, deps, inserted, 'raised', null, null, { severity: input.severity });
    await announce(trx, { id: inserted, ...input, status: 'open' });
    return { id: inserted, outcome: 'raised' };
  }
  const existing = await q.lockWarningBySubject(trx, input.subjectKey);
  if (!existing) throw new Error(`warning ${input.subjectKey} neither inserted nor found`);
  const before = Number((existing.evidence as { weight?: unknown }).weight ?? 0);
  if (input.weight <= before) return { id: existing.id, outcome: 'unchanged' };
  const reopen = existing.status === 'handled';
  if (reopen && !input.reopenWhenHandled) return { id: existing.id, outcome: 'unchanged' };
  const severity = reopen ? input.severity : higherSeverity(existing.severity, input.severity);
  const status: WarningStatus = reopen ? 'open' : existing.status;
  await q.updateWarning(trx, existing.id, {
    severity,
    region_code: input.regionCode,
    level_code: input.levelCode,
    unit_id: unitId,
    reasons,
    evidence,
    occurrences: existing.occurrences + 1,
    last_raised_at: now,
    updated_at: now,
    ...(reopen
      ? {
          status,
          acknowledged_at: null,
          acknowledged_by: null,
          handled_at: null,
          handled_by: null,
          handled_note: null,
        }
      : {}),
  });
  const outcome = reopen ? 'reopened' : 'updated';
  await trail(trx, deps, existing.id, outcome, null, null, { weight: input.weight, severity });
  await announce(trx, { id: existing.id, ...input, severity, status });
  return { id: existing.id, outcome };
}

async function trail(
  trx: Db,
  deps: Pick<AppDeps, 'newId' | 'clock'>,
  warningId: string,
  action: 'raised' | 'updated' | 'reopened' | 'acknowledged' | 'handled',
  actorId: string | null,
  note: string | null,
  detail: Record<string, unknown>,
): Promise<void> {
  await q.insertWarningEvent(trx, {
    id: deps.newId(),
    warning_id: warningId,
    at: deps.clock(),
    action,
    actor_id: actorId,
    note,
    detail: JSON.stringify(detail),
  });
}

async function announce(
  trx: Db,
  w: { id: string; kind: string; severity: string; status: string; regionCode: string; levelCode: string },
): Promise<void> {
  await notifyWarnings(trx, [
    {
      k: 'w',
      id: w.id,
      kind: w.kind,
      severity: w.severity,
      status: w.status,
      regionCode: w.regionCode,
      levelCode: w.levelCode,
    },
  ]);
}

// ---- reading and acting, for staff --------------------------------------------------------------

/** The caller as someone who may read warnings at all (403 for every other role). */
export function requireWarningReader(auth: AuthContext): Staff {
  if (auth.kind !== 'staff' || !analysisRoleMayEver(auth.user.role, 'read_warning')) throw forbidden();
  return auth;
}

function relationsTo(auth: Staff, row: Row) {
  return warningRelations(auth.user, { regionCode: row.region_code, levelCode: row.level_code });
}

/** The warning if the caller may read it; 404 otherwise (existence must not leak). */
async function readable(db: Db, auth: Staff, id: string, lock: boolean): Promise<Row> {
  const row = lock ? await q.lockWarning(db, id) : await q.getWarningRow(db, id);
  if (!row || !isAnalysisAllowed(auth.user.role, 'read_warning', relationsTo(auth, row))) throw notFound();
  return row;
}

export interface WarningDetail extends WarningSummary {
  evidence: Record<string, unknown>;
  /** the cases the evidence names that the caller may read (others are only counted) */
  cases: {
    id: string;
    caseNo: string;
    title: string;
    state: string;
    channel: string;
    regionCode: string;
    categoryCode: string;
    riskLevel: string;
    createdAt: string;
  }[];
  hiddenCases: number;
  events: { action: string; at: string; actorName: string | null; note: string | null }[];
  /** whether the caller may acknowledge and handle it (the level it is routed to, or above) */
  mayAct: boolean;
}

/** One warning with its evidence, linked cases and trail. */
export async function getWarning(deps: AppDeps, auth: AuthContext, id: string): Promise<WarningDetail> {
  const staff = requireWarningReader(auth);
  const db = deps.db.kysely;
  const row = await readable(db, staff, id, false);
  const view = await q.getWarningView(db, row.id);
  const ids = caseIdsOf(row.evidence);
  const cases = await q.casesByIds(db, ids);
  // the warning readers are region roles: a case in their scope is one they may read
  const visible = cases.filter((c) => c.region_code.startsWith(staff.user.scopeCode));
  const events = await q.warningEvents(db, row.id);
  return {
    ...summaryOf(view ?? row),
    evidence: row.evidence,
    cases: visible
      .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
      .map((c) => ({
        id: c.id,
        caseNo: c.case_no,
        title: c.title,
        state: c.state,
        channel: c.channel,
        regionCode: c.region_code,
        categoryCode: c.category_code,
        riskLevel: c.risk_level,
        createdAt: c.created_at.toISOString(),
      })),
    hiddenCases: ids.length - visible.length,
    events: events.map((e) => ({
      action: e.action,
      at: e.at.toISOString(),
      actorName: e.actor_name ?? null,
      note: e.note,
    })),
    mayAct: isAnalysisAllowed(staff.user.role, 'act_on_warning', relationsTo(staff, row)),
  };
}

/** Acknowledges an open warning (签收): the responsible level has seen it and takes it on. */
export async function acknowledgeWarning(
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: { note?: string },
  ip: string | null,
): Promise<WarningSummary> {
  const staff = requireWarningReader(auth);
  return withTransaction(deps.db, async (trx) => {
    const row = await readable(trx, staff, id, true);
    if (!isAnalysisAllowed(staff.user.role, 'act_on_warning', relationsTo(staff, row))) throw forbidden();
    if (row.status !== 'open') throw conflict('warnings.not_open', { status: row.status });
    const now = deps.clock();
    await q.updateWarning(trx, row.id, {
      status: 'acknowledged',
      acknowledged_at: now,
      acknowledged_by: staff.user.id,
      updated_at: now,
    });
    const note = body.note?.trim() || null;
    await trail(trx, deps, row.id, 'acknowledged', staff.user.id, note, {});
    await recordStaffAction(trx, deps, {
      user: staff.user,
      at: now,
      ip,
      action: 'warning.acknowledge',
      targetType: 'warning',
      targetId: row.id,
      detail: { kind: row.kind },
    });
    const after = { ...row, status: 'acknowledged' as const, acknowledged_at: now, version: row.version + 1 };
    await announce(trx, {
      id: row.id,
      kind: row.kind,
      severity: row.severity,
      status: after.status,
      regionCode: row.region_code,
      levelCode: row.level_code,
    });
    return summaryOf(after);
  });
}

/** Handles a warning (处置) with a note of what was done; an open one is acknowledged with it. */
export async function handleWarning(
  deps: AppDeps,
  auth: AuthContext,
  id: string,
  body: { note: string },
  ip: string | null,
): Promise<WarningSummary> {
  const staff = requireWarningReader(auth);
  return withTransaction(deps.db, async (trx) => {
    const row = await readable(trx, staff, id, true);
    if (!isAnalysisAllowed(staff.user.role, 'act_on_warning', relationsTo(staff, row))) throw forbidden();
    if (row.status === 'handled') throw conflict('warnings.already_handled');
    const note = body.note.trim();
    const now = deps.clock();
    const ack = row.status === 'open' ? { acknowledged_at: now, acknowledged_by: staff.user.id } : {};
    await q.updateWarning(trx, row.id, {
      status: 'handled',
      ...ack,
      handled_at: now,
      handled_by: staff.user.id,
      handled_note: note,
      updated_at: now,
    });
    await trail(trx, deps, row.id, 'handled', staff.user.id, note, {});
    await recordStaffAction(trx, deps, {
      user: staff.user,
      at: now,
      ip,
      action: 'warning.handle',
      targetType: 'warning',
      targetId: row.id,
      // what was done is in the warning's trail; the audit names the act
      detail: { kind: row.kind, from: row.status },
    });
    await announce(trx, {
      id: row.id,
      kind: row.kind,
      severity: row.severity,
      status: 'handled',
      regionCode: row.region_code,
      levelCode: row.level_code,
    });
    return summaryOf({
      ...row,
      ...ack,
      status: 'handled',
      handled_at: now,
      handled_by: staff.user.id,
      handled_note: note,
      version: row.version + 1,
    });
  });
}
