// Mediation on a case (issue 7): the organization and lead mediator it is assigned to and the
// joint team (联合调解: users of other units, mediators of the roster, outside members such as a
// labor-arbitration expert), and suggestions by category, place and load. The sessions, the
// agreement, its performance and judicial confirmation have their own services beside this one.
// Each write: its table rows, one record event on the case's ledger, and an audit row, in one
// transaction.
import { selfAndAncestors } from '../../../core/regions/region-code.js';
import { isAllowed } from '../../../core/workflow/policy.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { termLight, type TermStatus } from '../../../core/mediation/performance.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { HttpError, badRequest, conflict, unprocessable } from '../../http/errors.js';
import { snapshotOf } from '../cases/case-mapper.js';
import { appendRecord } from '../cases/case-records.js';
import { suggestUnit } from '../routing/routing.service.js';
import { verifyUrl } from './agreements.service.js';
import * as fq from './followup.queries.js';
import { audit, lockForAction, readable, text, type Staff } from './mediation-access.js';
import * as q from './mediation.queries.js';
import { mediatorsForSuggestion } from './orgs.service.js';
import { getMediators } from './orgs.queries.js';
import { sessionView } from './sessions.service.js';

export const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export interface MemberInput {
  /** a user of some unit; their name and unit are taken from the account */
  userId?: string;
  /** a mediator of some organization's roster (with or without an account) */
  mediatorId?: string;
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
    if (!m.userId && !m.mediatorId && !m.name?.trim()) throw badRequest('mediation.blank', { field: 'name' });
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
    const roster = new Map(
      (
        await getMediators(
          trx,
          members.flatMap((m) => (m.mediatorId ? [m.mediatorId] : [])),
        )
      ).map((r) => [r.id, r]),
    );
    const userIds = [
      input.leadMediatorId,
      ...members.flatMap((m) => (m.userId ? [m.userId] : [])),
      ...[...roster.values()].flatMap((r) => (r.user_id ? [r.user_id] : [])),
    ];
    const users = new Map((await q.getUsers(trx, userIds)).map((u) => [u.id, u]));
    const lead = users.get(input.leadMediatorId);
    // an account of the organization, not taken off its roster
    const leadRoster = await q.rosterOfUser(trx, input.leadMediatorId);
    if (
      !lead ||
      !lead.active ||
      lead.role !== 'mediator' ||
      lead.unit_id !== org.id ||
      leadRoster?.active === false
    ) {
      throw unprocessable('mediation.not_mediator');
    }
    const unitIds = [
      ...members.flatMap((m) => (m.unitId ? [m.unitId] : [])),
      ...[...roster.values()].map((r) => r.org_unit_id),
    ];
    const units = new Map((await q.getUnits(trx, unitIds)).map((u) => [u.id, u]));
    const mediationId = deps.newId();
    const memberRows = members.map((m) => {
      const entry = m.mediatorId ? roster.get(m.mediatorId) : undefined;
      if (m.mediatorId && (!entry || !entry.active)) throw unprocessable('mediation.member_unknown');
      const userId = m.userId ?? entry?.user_id ?? undefined;
      const user = userId ? users.get(userId) : undefined;
      if (userId && (!user || !user.active)) throw unprocessable('mediation.member_unknown');
      const unitId = user?.unit_id ?? entry?.org_unit_id ?? m.unitId ?? null;
      if (unitId && !units.get(unitId)?.active && !user) throw unprocessable('mediation.member_unknown');
      return {
        county_code: row.county_code,
        id: deps.newId(),
        mediation_id: mediationId,
        case_id: row.id,
        user_id: user?.id ?? null,
        mediator_id: entry?.id ?? null,
        unit_id: unitId,
        name: user?.display_name ?? entry?.name ?? m.name!.trim(),
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
      members: memberRows.map((m) => ({
        user_id: m.user_id,
        ...(m.mediator_id ? { mediator_id: m.mediator_id } : {}),
        unit_id: m.unit_id,
        role: m.member_role,
      })),
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

/**
 * The case's mediation: organization, lead, team, sessions, agreements with the performance of
 * their terms and referrals for judicial confirmation, and how the case ended when it did
 * (调解不成 with the channel it was guided to: 诉调对接). Null when no team was formed.
 */
export async function getMediationView(deps: AppDeps, auth: Staff, caseId: string) {
  const row = await readable(deps, auth, caseId);
  const db = deps.db.kysely;
  const m = await q.getMediation(db, caseId);
  if (!m) return { mediation: null };
  const [members, sessions, agreements, [org], [lead], terms, referrals, conclusion] = await Promise.all([
    q.getMembers(db, m.id),
    q.listSessions(db, caseId),
    q.listAgreements(db, caseId),
    q.getUnits(db, [m.org_unit_id]),
    q.getUsers(db, [m.lead_mediator_id]),
    fq.termsOfCase(db, caseId),
    fq.referralsOfCase(db, caseId),
    q.lastConclusion(db, caseId),
  ]);
  const today = cstDayOf(deps.clock());
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
        mediatorId: x.mediator_id,
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
        terms: terms.filter((t) => t.agreement_id === a.id).map((t) => termView(t, today)),
        judicialConfirmations: referrals.filter((r) => r.agreement_id === a.id).map(referralView),
      })),
      // the case's end as the loop recorded it (an agreement, or failure guided to court/arbitration)
      conclusion:
        row.outcome && conclusion
          ? { outcome: row.outcome, guidance: conclusion.guidance, at: conclusion.at.toISOString() }
          : null,
    },
  };
}

export function termView(t: fq.TermRow, today: string) {
  return {
    id: t.id,
    n: t.n,
    text: t.text,
    dueDay: t.due_day,
    status: t.status as TermStatus,
    light: termLight({ dueDay: t.due_day, status: t.status as TermStatus }, today),
    note: t.status_note,
    statusAt: t.status_at?.toISOString() ?? null,
  };
}

export function referralView(r: fq.ReferralRow) {
  return {
    id: r.id,
    courtUnitId: r.court_unit_id,
    courtName: r.court_name,
    status: r.status,
    note: r.note,
    rulingNo: r.ruling_no,
    resultNote: r.result_note,
    referredAt: r.referred_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

/**
 * Organizations and mediators for a case: the mediation organizations on its place's path (its
 * node and those above), the one the routing rules name for its category first, then those
 * handling it, then the nearest, then the least loaded; each with its active mediators, those
 * whose specialties include the case's category first, then the least open cases. Only
 * mediators with an account may lead; any may be a member of the team.
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
  const mediators = await mediatorsForSuggestion(
    deps,
    orgs.map((o) => o.id),
  );
  const handling = new Set(snapshot.units.map((u) => u.unitId));
  const items = orgs.map((o) => {
    const own = mediators
      .filter((m) => m.orgId === o.id)
      .map((m) => ({
        userId: m.userId,
        mediatorId: m.id,
        name: m.name,
        openCases: m.openCases,
        specialist: m.specialties.includes(row.category_code),
        canLead: m.userId !== null,
      }))
      .sort(
        (a, b) =>
          Number(b.specialist) - Number(a.specialist) ||
          a.openCases - b.openCases ||
          a.name.localeCompare(b.name, 'zh-CN'),
      );
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
