import type { Selectable } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { CasesTable } from '../../db/tables.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { forbidden } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { roleMayEver } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import { availableActions } from '../../../core/workflow/available-actions.js';
import { snapshotOf } from './case-mapper.js';
import { lightNow } from '../deadlines/deadlines.service.js';
import { actorFor, assertVisible } from './case-access.js';
import type { CaseFilters, Visibility } from './case-search.queries.js';
import { countCases, searchCases } from './case-search.queries.js';
import * as q from './cases.queries.js';

/** A case as its page shows it: summary, parties masked, units, timeline, attachments. */
export async function getCaseDetail(deps: AppDeps, auth: AuthContext, caseId: string) {
  const db = deps.db.kysely;
  const row = await q.getCaseRow(db, caseId);
  const links = row ? await q.getCaseUnits(db, caseId) : [];
  const snapshot = row ? snapshotOf(row, links) : null;
  const actor = row && snapshot ? await actorFor(db, auth, row) : null;
  assertVisible(actor, snapshot);
  const c = row!;
  const [parties, events, attachments, region] = await Promise.all([
    q.getParties(db, caseId),
    q.getEvents(db, caseId),
    q.getAttachments(db, caseId),
    q.findRegion(db, c.region_code),
  ]);
  const resident = auth.kind === 'resident';
  // the units the timeline names (assigned to, transferred from, summoned …), for staff readers
  const names = await q.unitNames(db, [
    c.owner_unit_id,
    c.center_unit_id,
    ...(resident ? [] : timelineUnitIds(events)),
  ]);
  return caseDetailOf(deps, auth, {
    row: c,
    links,
    actor,
    parties,
    events,
    attachments,
    regionName: region?.name ?? null,
    names,
  });
}

/** What a case page shows, from what was read (or, for a new case, from what was just written). */
export interface CaseMaterial {
  row: Selectable<CasesTable>;
  links: Awaited<ReturnType<typeof q.getCaseUnits>>;
  actor: Actor;
  parties: Awaited<ReturnType<typeof q.getParties>>;
  events: Awaited<ReturnType<typeof q.getEvents>>;
  attachments: Awaited<ReturnType<typeof q.getAttachments>>;
  regionName: string | null;
  /** names of the units the page names (owner, center, and for staff those of the timeline) */
  names: Map<string, string>;
}

/** The case page's answer: one shape whether read back or built from a registration's rows. */
export function caseDetailOf(deps: AppDeps, auth: AuthContext, m: CaseMaterial) {
  const { row: c, links, actor, parties, events, attachments, names } = m;
  const snapshot = snapshotOf(c, links);
  const resident = auth.kind === 'resident';
  return {
    id: c.id,
    caseNo: c.case_no,
    title: c.title,
    description: c.description,
    state: c.state,
    categoryCode: c.category_code,
    channel: c.channel,
    regionCode: c.region_code,
    regionName: m.regionName,
    address: c.address_masked,
    latitude: c.latitude,
    longitude: c.longitude,
    riskLevel: c.risk_level,
    handlingLevel: c.handling_level,
    centerUnitId: c.center_unit_id,
    centerName: names.get(c.center_unit_id) ?? null,
    ownerUnitId: c.owner_unit_id,
    ownerUnitName: names.get(c.owner_unit_id) ?? null,
    ownerReleased: c.owner_released,
    leadUnitId: c.lead_unit_id,
    awaitingRuling: c.awaiting_ruling,
    clockPaused: c.clock_paused,
    extensionPending: c.extension_pending,
    pendingReportIns: c.pending_report_ins,
    outcome: c.outcome,
    satisfaction: c.satisfaction,
    reopenCount: c.reopen_count,
    dispatchedAt: c.dispatched_at?.toISOString() ?? null,
    deadlineStage: c.deadline_stage,
    deadlineAt: c.deadline_at?.toISOString() ?? null,
    light: lightNow(c, deps.clock()),
    version: c.version,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    relations: relationsOf(actor, snapshot),
    /** what this caller may do now (the case page offers these; the server still decides each) */
    allowedActions: availableActions(snapshot, actor),
    unitNames: resident ? {} : Object.fromEntries(names),
    units: links.map((l) => ({
      unitId: l.unit_id,
      name: l.name,
      kind: l.kind,
      relation: l.relation,
      since: l.since.toISOString(),
    })),
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      kind: p.kind,
      name: p.name,
      phone: p.phone_masked,
      idNumber: p.id_number_masked,
      address: p.address_masked,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      sizeBytes: a.size_bytes,
      createdAt: a.created_at.toISOString(),
    })),
    // residents read a progress line: which unit and when, never staff names or internal notes
    timeline: events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      actorRole: e.actor_role,
      actorName: resident ? null : (e.actor_name ?? null),
      actorUnitName: e.actor_unit_name ?? null,
      payload: resident ? {} : (e.payload as Record<string, unknown>),
      hash: e.hash,
    })),
  };
}

/** Unit ids the timeline names, for the page's unit names (staff readers only). */
export function timelineUnitIds(events: readonly { payload: unknown }[]): string[] {
  return events.flatMap((e) => unitIdsOf(e.payload as Record<string, unknown>));
}

const UNIT_KEYS = ['unit_id', 'from_unit_id', 'rejected_unit_id', 'addressed_unit_id'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Unit ids an event's payload names. */
function unitIdsOf(payload: Record<string, unknown>): string[] {
  const many = Array.isArray(payload.department_unit_ids) ? (payload.department_unit_ids as unknown[]) : [];
  return [...UNIT_KEYS.map((k) => payload[k]), ...many].filter(
    (v): v is string => typeof v === 'string' && UUID.test(v),
  );
}

/** What the caller may see, as a visibility rule for the search SQL; null when nothing at all. */
export function visibilityOf(auth: AuthContext): Visibility | null {
  if (auth.kind === 'resident') return { kind: 'party', phoneBidx: auth.phoneBidx };
  const { role, scopeCode, unitId } = auth.user;
  if (!roleMayEver(role, 'read')) return null;
  switch (role) {
    case 'clerk':
    case 'dispatcher':
    case 'grid_worker':
      return { kind: 'region', prefix: scopeCode, unitId, viaUnit: 'handling' };
    case 'security_member':
      return { kind: 'region', prefix: scopeCode, unitId, viaUnit: 'owner' };
    case 'leader':
    case 'supervisor':
      return { kind: 'region', prefix: scopeCode, unitId: null, viaUnit: 'none' };
    case 'department_staff':
    case 'mediator':
      return unitId ? { kind: 'unit', unitId } : null;
    default:
      return null;
  }
}

/** The caller's inbox and search: one keyset page within their visibility. */
export async function listCases(
  deps: AppDeps,
  auth: AuthContext,
  filters: Omit<CaseFilters, 'now'>,
  opts: { count?: boolean } = {},
) {
  const v = visibilityOf(auth);
  if (!v) throw forbidden();
  const now = deps.clock();
  const [rows, total] = await Promise.all([
    searchCases(deps.db.kysely, v, { ...filters, now }),
    opts.count ? countCases(deps.db.kysely, v, { ...filters, now }) : undefined,
  ]);
  const page = rows.slice(0, filters.limit);
  return {
    ...(total !== undefined ? { total } : {}),
    items: page.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      title: r.title,
      state: r.state,
      categoryCode: r.category_code,
      categoryName: r.category_name_zh,
      channel: r.channel,
      regionCode: r.region_code,
      regionName: r.region_name,
      riskLevel: r.risk_level,
      handlingLevel: r.handling_level,
      leadUnitId: r.lead_unit_id,
      leadUnitName: r.lead_unit_name,
      awaitingRuling: r.awaiting_ruling,
      deadlineStage: r.deadline_stage,
      deadlineAt: r.deadline_at?.toISOString() ?? null,
      light: lightNow(r, now),
      version: r.version,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > filters.limit ? page[page.length - 1]!.id : null,
  };
}
