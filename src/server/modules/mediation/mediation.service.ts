// Mediation on a case (issue 7): the organization and lead mediator it is assigned to and the
// joint team (联合调解: users of other units, outside members such as a labor-arbitration expert),
// suggestions by category, place and load, sessions (schedule, attendance, minutes, outcome) and
// the agreement (调解协议书) as a PDF whose digest the ledger holds. Each write: its table rows, one
// record event on the case's ledger, and an audit row, in one transaction.
import type { Selectable } from 'kysely';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { selfAndAncestors } from '../../../core/regions/region-code.js';
import type { CaseSnapshot } from '../../../core/workflow/case-model.js';
import { isAllowed, type PolicyAction } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import type { CasesTable } from '../../db/tables.js';
import type { Trx } from '../../db/transaction.js';
import { withTransaction } from '../../db/transaction.js';
import { HttpError, badRequest, conflict, notFound, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordStaffAction } from '../audit/audit.service.js';
import { assertVisible } from '../cases/case-access.js';
import { snapshotOf } from '../cases/case-mapper.js';
import { appendRecord } from '../cases/case-records.js';
import { verifyCaseLedger } from '../cases/verify-ledger.js';
import { suggestUnit } from '../routing/routing.service.js';
import { agreementPdf, type AgreementContent } from './agreement-pdf.js';
import * as q from './mediation.queries.js';

type Staff = Extract<AuthContext, { kind: 'staff' }>;
type CaseRow = Selectable<CasesTable>;

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export interface MemberInput {
  /** a user of some unit; their name and unit are taken from the account */
  userId?: string;
  /** an outside member (劳动仲裁专家, 企业代表, 职工代表 …) */
  name?: string;
  unitId?: string;
  role: string;
}

export interface AssignInput {
  orgUnitId: string;
  leadMediatorId: string;
  members: MemberInput[];
}

export interface ScheduleInput {
  scheduledAt: string;
  place?: string;
  videoUrl?: string;
  participants: { memberId?: string; name: string; role: string }[];
}

export interface RecordInput {
  attendance: { name: string; present: boolean }[];
  minutes: string;
  outcome: 'agreement' | 'continue' | 'failed';
}

export interface AgreementInput {
  parties: { role: 'applicant' | 'respondent' | 'third_party'; name: string; representative?: string }[];
  facts: string;
  terms: string[];
  performanceDeadline: string;
  place: string;
}

const audit = (
  trx: Trx,
  deps: AppDeps,
  auth: Staff,
  a: { at: Date; ip: string | null; action: string; caseId: string; detail: Record<string, unknown> },
) =>
  recordStaffAction(trx, deps, {
    user: auth.user,
    at: a.at,
    ip: a.ip,
    action: a.action,
    targetType: 'case',
    targetId: a.caseId,
    detail: a.detail,
  });

/** Text that is only white space counts as missing. */
function text(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badRequest('mediation.blank', { field });
  return trimmed;
}

/** The case locked, its snapshot, and the caller's right: 404 when unreadable, 403 when not allowed. */
async function lockForAction(
  trx: Trx,
  auth: Staff,
  caseId: string,
  action: PolicyAction,
): Promise<{ row: CaseRow; snapshot: CaseSnapshot }> {
  const row = await q.lockCaseRow(trx, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseLinks(trx, caseId)) : null;
  assertVisible(row ? auth.actor : null, snapshot);
  if (!isAllowed(auth.actor.role, action, relationsOf(auth.actor, snapshot!))) {
    throw new HttpError(403, 'workflow.forbidden', {}, 'forbidden');
  }
  return { row: row!, snapshot: snapshot! };
}

/** The case readable by the caller (404 otherwise), unlocked. */
async function readable(deps: AppDeps, auth: Staff, caseId: string): Promise<CaseRow> {
  const row = await q.getCaseRow(deps.db.kysely, caseId);
  const snapshot = row ? snapshotOf(row, await q.getCaseLinks(deps.db.kysely, caseId)) : null;
  assertVisible(row ? auth.actor : null, snapshot);
  return row!;
}

/** The case's mediation, and that the caller is on its team (lead mediator or member user). */
async function teamOf(trx: Trx, auth: Staff, caseId: string) {
  const m = await q.getMediation(trx, caseId);
  if (!m) throw conflict('mediation.none');
  const members = await q.getMembers(trx, m.id);
  const onTeam = m.lead_mediator_id === auth.user.id || members.some((x) => x.user_id === auth.user.id);
  if (!onTeam) throw new HttpError(403, 'mediation.not_team', {}, 'forbidden');
  return { mediation: m, members };
}

/** Assigns (or reassigns) a case's mediation: organization, lead mediator and team. */
export async function assignMediation(
  deps: AppDeps,
  auth: Staff,
  caseId: string,
  input: AssignInput,
  ip: string | null,
) {
  const members = input.members.map((m) => ({ ...m, role: text(m.role, 'role') }));
  for (const m of members) {
    if (!m.userId && !m.name?.trim()) throw badRequest('mediation.blank', { field: 'name' });
  }
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    const { row } = await lockForAction(trx, auth, caseId, 'assign_mediation');
    if (!OPEN_STATES.includes(row.state)) throw conflict('mediation.case_not_open');
    const org = await q.getUnit(trx, input.orgUnitId);
    if (!org || !org.active || org.kind !== 'mediation_org') throw unprocessable('mediation.not_org');
    const links = await q.getCaseLinks(trx, caseId);
    if (!links.some((l) => l.unit_id === org.id && (l.relation === 'lead' || l.relation === 'co_handler'))) {
      throw unprocessable('mediation.org_not_handling');
    }
    const userIds = [input.leadMediatorId, ...members.flatMap((m) => (m.userId ? [m.userId] : []))];
    const users = new Map((await q.getUsers(trx, userIds)).map((u) => [u.id, u]));
    const lead = users.get(input.leadMediatorId);
    if (!lead || !lead.active || lead.role !== 'mediator' || lead.unit_id !== org.id) {
      throw unprocessable('mediation.not_mediator');
    }
    const unitIds = members.flatMap((m) => (m.unitId ? [m.unitId] : []));
    const units = new Map((await q.getUnits(trx, unitIds)).map((u) => [u.id, u]));
    const mediationId = deps.newId();
    const memberRows = members.map((m) => {
      const user = m.userId ? users.get(m.userId) : undefined;
      if (m.userId && (!user || !user.active)) throw unprocessable('mediation.member_unknown');
      if (m.unitId && !units.get(m.unitId)?.active) throw unprocessable('mediation.member_unknown');
      return {
        county_code: row.county_code,
        id: deps.newId(),
        mediation_id: mediationId,
        case_id: row.id,
        user_id: user?.id ?? null,
        unit_id: user?.unit_id ?? m.unitId ?? null,
        name: user?.display_name ?? m.name!.trim(),
        member_role: m.role,
      };
    });
    await q.replaceMediation(
      trx,
      {
        county_code: row.county_code,
        id: mediationId,
        case_id: row.id,
        org_unit_id: org.id,
        lead_mediator_id: lead.id,
        assigned_by: auth.user.id,
        assigned_at: now,
      },
      memberRows,
    );
    // ids and roles only: no names of outside members on the ledger
    const payload = {
      mediation_id: mediationId,
      org_unit_id: org.id,
      lead_mediator_id: lead.id,
      members: memberRows.map((m) => ({ user_id: m.user_id, unit_id: m.unit_id, role: m.member_role })),
    };
    const { seq } = await appendRecord(
      trx,
      deps,
      { row, action: 'mediation_assigned', payload },
      auth.actor,
      now,
    );
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'mediation.assign',
      caseId: row.id,
      detail: { mediation_id: mediationId, seq },
    });
  });
  return getMediationView(deps, auth, caseId);
}

/** The case's mediation: organization, lead, team, sessions and agreements (null when none). */
export async function getMediationView(deps: AppDeps, auth: Staff, caseId: string) {
  await readable(deps, auth, caseId);
  const db = deps.db.kysely;
  const m = await q.getMediation(db, caseId);
  if (!m) return { mediation: null };
  const [members, sessions, agreements, [org], [lead]] = await Promise.all([
    q.getMembers(db, m.id),
    q.listSessions(db, caseId),
    q.listAgreements(db, caseId),
    q.getUnits(db, [m.org_unit_id]),
    q.getUsers(db, [m.lead_mediator_id]),
  ]);
  return {
    mediation: {
      id: m.id,
      orgUnitId: m.org_unit_id,
      orgName: org?.name ?? '',
      mediationKind: org?.mediation_kind ?? null,
      leadMediatorId: m.lead_mediator_id,
      leadMediatorName: lead?.display_name ?? '',
      assignedAt: m.assigned_at.toISOString(),
      members: members.map((x) => ({
        id: x.id,
        userId: x.user_id,
        unitId: x.unit_id,
        unitName: x.unit_name,
        name: x.name,
        role: x.member_role,
      })),
      sessions: sessions.map(sessionView),
      agreements: agreements.map((a) => ({
        id: a.id,
        digest: a.digest,
        pdfDigest: a.pdf_digest,
        createdAt: a.created_at.toISOString(),
        verifyUrl: verifyUrl(deps, a.id, a.digest),
      })),
    },
  };
}

function sessionView(s: Awaited<ReturnType<typeof q.listSessions>>[number]) {
  return {
    id: s.id,
    n: s.n,
    scheduledAt: s.scheduled_at.toISOString(),
    place: s.place,
    videoUrl: s.video_url,
    participants: s.participants,
    status: s.status,
    attendance: s.attendance,
    minutes: s.minutes,
    outcome: s.outcome,
    heldAt: s.held_at?.toISOString() ?? null,
  };
}

/**
 * Organizations and lead mediators for a case: the mediation organizations on its place's path
 * (its node and those above), the one the routing rules name for its category first, then the
 * nearest, then the least loaded; each with its mediators, least open cases first.
 */
export async function suggestMediation(deps: AppDeps, auth: Staff, caseId: string) {
  const row = await readable(deps, auth, caseId);
  const snapshot = snapshotOf(row, await q.getCaseLinks(deps.db.kysely, caseId));
  if (!isAllowed(auth.actor.role, 'assign_mediation', relationsOf(auth.actor, snapshot))) {
    throw new HttpError(403, 'workflow.forbidden', {}, 'forbidden');
  }
  const db = deps.db.kysely;
  const [orgs, routed] = await Promise.all([
    q.orgsAbove(db, selfAndAncestors(row.region_code)),
    suggestUnit(db, row.category_code, row.region_code),
  ]);
  const mediators = await q.mediatorsWithLoad(
    db,
    orgs.map((o) => o.id),
  );
  const handling = new Set(snapshot.units.map((u) => u.unitId));
  const items = orgs.map((o) => {
    const own = mediators
      .filter((m) => m.unit_id === o.id)
      .map((m) => ({ userId: m.id, name: m.display_name, openCases: Number(m.open_cases) }))
      .sort((a, b) => a.openCases - b.openCases || a.name.localeCompare(b.name));
    return {
      unitId: o.id,
      name: o.name,
      mediationKind: o.mediation_kind,
      regionCode: o.region_code,
      byCategory: routed?.unitId === o.id,
      handlesCase: handling.has(o.id),
      mediators: own,
    };
  });
  const minLoad = (i: (typeof items)[number]) => i.mediators[0]?.openCases ?? Number.MAX_SAFE_INTEGER;
  items.sort(
    (a, b) =>
      Number(b.byCategory) - Number(a.byCategory) ||
      Number(b.handlesCase) - Number(a.handlesCase) ||
      b.regionCode.length - a.regionCode.length ||
      minLoad(a) - minLoad(b),
  );
  return { items };
}

/** Schedules a session of the case's mediation (the team only). */
export async function scheduleSession(
  deps: AppDeps,
  auth: Staff,
  caseId: string,
  input: ScheduleInput,
  ip: string | null,
) {
  const place = input.place?.trim() || null;
  const videoUrl = input.videoUrl?.trim() || null;
  if (!place && !videoUrl) throw badRequest('mediation.place_or_video');
  const participants = input.participants.map((p) => ({
    ...(p.memberId ? { memberId: p.memberId } : {}),
    name: text(p.name, 'name'),
    role: text(p.role, 'role'),
  }));
  const at = new Date(input.scheduledAt);
  if (Number.isNaN(at.getTime())) throw badRequest('validation.format', { field: 'scheduledAt' });
  const now = deps.clock();
  if (at.getTime() <= now.getTime()) throw unprocessable('mediation.session_in_past');
  const id = await withTransaction(deps.db, async (trx) => {
    const { row } = await lockForAction(trx, auth, caseId, 'mediate');
    if (!OPEN_STATES.includes(row.state)) throw conflict('mediation.case_not_open');
    await teamOf(trx, auth, caseId);
    const sessionId = deps.newId();
    const n = await q.nextSessionNumber(trx, caseId);
    await q.insertSession(trx, {
      county_code: row.county_code,
      id: sessionId,
      case_id: row.id,
      n,
      scheduled_at: at,
      place,
      video_url: videoUrl,
      participants: JSON.stringify(participants),
      status: 'scheduled',
      created_by: auth.user.id,
      created_at: now,
    });
    const payload = {
      session_id: sessionId,
      n,
      scheduled_at: at.toISOString(),
      mode: place ? (videoUrl ? 'both' : 'in_person') : 'video',
      participants: participants.length,
    };
    await appendRecord(trx, deps, { row, action: 'mediation_session_scheduled', payload }, auth.actor, now);
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'mediation.session_schedule',
      caseId: row.id,
      detail: { session_id: sessionId, n },
    });
    return sessionId;
  });
  return sessionView((await q.getSession(deps.db.kysely, id))!);
}

/** Records a held session: attendance, minutes (调解笔录) and its outcome. */
export async function recordSession(
  deps: AppDeps,
  auth: Staff,
  sessionId: string,
  input: RecordInput,
  ip: string | null,
) {
  const minutes = text(input.minutes, 'minutes');
  const attendance = input.attendance.map((a) => ({ name: text(a.name, 'name'), present: a.present }));
  const found = await q.getSession(deps.db.kysely, sessionId);
  if (!found) throw notFound();
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    const { row } = await lockForAction(trx, auth, found.case_id, 'mediate');
    await teamOf(trx, auth, found.case_id);
    const s = (await q.getSession(trx, sessionId))!;
    if (s.status === 'held') throw conflict('mediation.session_held');
    if (s.scheduled_at.getTime() > now.getTime()) throw conflict('mediation.session_not_due');
    await q.recordSession(trx, sessionId, {
      attendance: JSON.stringify(attendance),
      minutes,
      outcome: input.outcome,
      heldAt: now,
    });
    // the minutes stay off the ledger (they name people); their SM3 digest proves them unchanged
    const payload = {
      session_id: sessionId,
      n: s.n,
      outcome: input.outcome,
      present: attendance.filter((a) => a.present).length,
      absent: attendance.filter((a) => !a.present).length,
      minutes_sm3: deps.crypto.sm3Hex(minutes),
    };
    await appendRecord(trx, deps, { row, action: 'mediation_session_held', payload }, auth.actor, now);
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'mediation.session_record',
      caseId: row.id,
      detail: { session_id: sessionId, n: s.n, outcome: input.outcome },
    });
  });
  return sessionView((await q.getSession(deps.db.kysely, sessionId))!);
}

/** The public verification link of an agreement (what its QR code encodes). */
export function verifyUrl(deps: Pick<AppDeps, 'config'>, id: string, digest: string): string {
  return `${deps.config.publicUrl}/verify/agreements/${id}?d=${digest}`;
}

/** The SM3 digest of an agreement's content: of its canonical JSON (RFC 8785). */
function contentDigest(deps: Pick<AppDeps, 'crypto'>, content: unknown): string {
  return deps.crypto.sm3Hex(canonicalJson(content));
}

/**
 * Generates the agreement (调解协议书) after a session that reached agreement: its PDF, stored as
 * issued, and a ledger record of the content's and the PDF's SM3 digests.
 */
export async function createAgreement(
  deps: AppDeps,
  auth: Staff,
  caseId: string,
  input: AgreementInput,
  ip: string | null,
) {
  const facts = text(input.facts, 'facts');
  const terms = input.terms.map((t) => text(t, 'terms'));
  const place = text(input.place, 'place');
  const parties = input.parties.map((p) => ({
    role: p.role,
    name: text(p.name, 'name'),
    ...(p.representative?.trim() ? { representative: p.representative.trim() } : {}),
  }));
  const now = deps.clock();
  const today = cstDayOf(now);
  if (input.performanceDeadline <= today) throw unprocessable('mediation.deadline_in_past');
  const id = await withTransaction(deps.db, async (trx) => {
    const { row } = await lockForAction(trx, auth, caseId, 'mediate');
    if (!OPEN_STATES.includes(row.state)) throw conflict('mediation.case_not_open');
    const { mediation, members } = await teamOf(trx, auth, caseId);
    const sessions = await q.listSessions(trx, caseId);
    if (!sessions.some((s) => s.outcome === 'agreement')) throw conflict('mediation.no_agreement_session');
    const [[org], [lead]] = await Promise.all([
      q.getUnits(trx, [mediation.org_unit_id]),
      q.getUsers(trx, [mediation.lead_mediator_id]),
    ]);
    const agreementId = deps.newId();
    const content: AgreementContent = {
      agreementId,
      caseId: row.id,
      caseNo: row.case_no,
      date: today,
      orgName: org!.name,
      leadMediator: lead!.display_name,
      team: members.map((m) => ({ name: m.name, role: m.member_role, unit: m.unit_name })),
      parties,
      facts,
      terms,
      performanceDeadline: input.performanceDeadline,
      place,
    };
    const digest = contentDigest(deps, content);
    const pdf = await agreementPdf(content, verifyUrl(deps, agreementId, digest), now);
    const pdfDigest = deps.crypto.sm3Hex(pdf);
    const { seq } = await appendRecord(
      trx,
      deps,
      {
        row,
        action: 'mediation_agreement',
        payload: { agreement_id: agreementId, digest, pdf_digest: pdfDigest, terms: terms.length },
      },
      auth.actor,
      now,
    );
    await q.insertAgreement(trx, {
      county_code: row.county_code,
      id: agreementId,
      case_id: row.id,
      seq,
      content: JSON.stringify(content),
      digest,
      pdf_digest: pdfDigest,
      pdf,
      created_by: auth.user.id,
      created_at: now,
    });
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'mediation.agreement',
      caseId: row.id,
      detail: { agreement_id: agreementId, seq, digest },
    });
    return agreementId;
  });
  const a = (await q.getAgreement(deps.db.kysely, id))!;
  return {
    id,
    caseId,
    digest: a.digest,
    pdfDigest: a.pdf_digest,
    createdAt: a.created_at.toISOString(),
    verifyUrl: verifyUrl(deps, id, a.digest),
  };
}

/** The agreement's PDF as issued, for whoever may read the case. */
export async function agreementFile(deps: AppDeps, auth: Staff, agreementId: string) {
  const a = await q.getAgreement(deps.db.kysely, agreementId);
  if (!a) throw notFound();
  const row = await readable(deps, auth, a.case_id);
  return { pdf: a.pdf, filename: `mediation-agreement-${row.case_no}.pdf` };
}

export interface Verification {
  genuine: boolean;
  caseNo: string | null;
  date: string | null;
}

/**
 * The public check behind the QR code: the digest given is the agreement's, its stored content
 * and PDF still hash to what its ledger event recorded, and the case's whole chain re-verifies.
 * Says only genuine or not; the case number and date only when genuine.
 */
export async function verifyAgreement(
  deps: AppDeps,
  agreementId: string,
  digest: string,
): Promise<Verification> {
  const no: Verification = { genuine: false, caseNo: null, date: null };
  const db = deps.db.kysely;
  const a = await q.getAgreement(db, agreementId);
  if (!a || a.digest !== digest) return no;
  const event = await q.getEvent(db, a.case_id, a.seq);
  const p = (event?.payload ?? {}) as Record<string, unknown>;
  const content = a.content as unknown as AgreementContent;
  const intact =
    event?.action === 'mediation_agreement' &&
    p.agreement_id === a.id &&
    p.digest === digest &&
    p.pdf_digest === a.pdf_digest &&
    contentDigest(deps, content) === digest &&
    deps.crypto.sm3Hex(a.pdf) === a.pdf_digest &&
    (await verifyCaseLedger(db, (s) => deps.crypto.sm3Hex(s), a.case_id)) === null;
  if (!intact) return no;
  return { genuine: true, caseNo: content.caseNo, date: content.date };
}
