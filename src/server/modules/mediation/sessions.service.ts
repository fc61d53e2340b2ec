// Mediation sessions (调解会) of a case: scheduled by the team (time, place or video link, the
// participants), with a notice to each participant in the same transaction (the bell of team
// members with an account, an SMS to parties and to roster mediators with a phone), then recorded
// when held: attendance, minutes (调解笔录) and the outcome.
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, notFound, unprocessable } from '../../http/errors.js';
import { appendRecord } from '../cases/case-records.js';
import { enqueueNotification } from '../notifications/enqueue.js';
import { isValidMobile } from '../../../core/pii/validation.js';
import { audit, lockForAction, teamOf, text, type CaseRow, type Staff } from './mediation-access.js';
import * as q from './mediation.queries.js';
import { getMediators } from './orgs.queries.js';

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export interface ScheduleInput {
  scheduledAt: string;
  place?: string;
  videoUrl?: string;
  /** a team member (memberId), a party of the case (partyId), or someone else by name */
  participants: { memberId?: string; partyId?: string; name: string; role: string }[];
}

export interface RecordInput {
  attendance: { name: string; present: boolean }[];
  minutes: string;
  outcome: 'agreement' | 'continue' | 'failed';
}

export function sessionView(s: Awaited<ReturnType<typeof q.listSessions>>[number]) {
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

/** 2026-03-16 09:30 in China Standard Time, as a notice says it. */
export function cstMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

type Participant = ScheduleInput['participants'][number];

/**
 * The notices of a scheduled session, enqueued in its transaction: the bell of each participant
 * with an account (and of the lead mediator), an SMS to each party and roster mediator with a
 * mobile phone. The one who scheduled it is not told. Returns how many went out per channel.
 */
async function notifyParticipants(
  trx: Trx,
  deps: AppDeps,
  a: {
    auth: Staff;
    row: CaseRow;
    sessionId: string;
    n: number;
    at: Date;
    where: string;
    participants: Participant[];
    team: Awaited<ReturnType<typeof teamOf>>;
  },
) {
  const out = { inapp: 0, sms: 0 };
  const params = { caseNo: a.row.case_no, n: a.n, time: cstMinute(a.at), place: a.where };
  const members = new Map(a.team.members.map((m) => [m.id, m]));
  const users = new Set<string>([a.team.mediation.lead_mediator_id]);
  const rosterIds: string[] = [];
  const partyIds: string[] = [];
  for (const p of a.participants) {
    const m = p.memberId ? members.get(p.memberId) : undefined;
    if (m?.user_id) users.add(m.user_id);
    else if (m?.mediator_id) rosterIds.push(m.mediator_id);
    if (p.partyId) partyIds.push(p.partyId);
  }
  users.delete(a.auth.user.id);
  for (const userId of users) {
    const r = await enqueueNotification(trx, deps, {
      channel: 'inapp',
      to: `user:${userId}`,
      template: 'mediation_session',
      params,
      dedupeKey: `mediation-session:${a.sessionId}:user:${userId}`,
      caseId: a.row.id,
    });
    if (r.created) out.inapp += 1;
  }
  const phones: { key: string; enc: Buffer }[] = [];
  for (const r of await getMediators(trx, rosterIds)) {
    if (r.phone_enc) phones.push({ key: `mediator:${r.id}`, enc: r.phone_enc });
  }
  const parties = new Map((await q.partiesWithPhone(trx, a.row.id)).map((p) => [p.id, p]));
  for (const id of partyIds) {
    const enc = parties.get(id)?.phone_enc;
    if (enc) phones.push({ key: `party:${id}`, enc });
  }
  for (const { key, enc } of phones) {
    // decrypted only to be sealed again in the notification; landlines get no SMS
    const phone = deps.crypto.decrypt('phone', enc);
    if (!isValidMobile(phone)) continue;
    const r = await enqueueNotification(trx, deps, {
      channel: 'sms',
      to: phone,
      template: 'mediation_session',
      params,
      dedupeKey: `mediation-session:${a.sessionId}:${key}`,
      caseId: a.row.id,
    });
    if (r.created) out.sms += 1;
  }
  return out;
}

/** Schedules a session of the case's mediation (the team only) and notifies its participants. */
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
  const participants: Participant[] = input.participants.map((p) => ({
    ...(p.memberId ? { memberId: p.memberId } : {}),
    ...(p.partyId ? { partyId: p.partyId } : {}),
    name: text(p.name, 'name'),
    role: text(p.role, 'role'),
  }));
  const at = new Date(input.scheduledAt);
  if (Number.isNaN(at.getTime())) throw badRequest('validation.format', { field: 'scheduledAt' });
  const now = deps.clock();
  if (at.getTime() <= now.getTime()) throw unprocessable('mediation.session_in_past');
  const { id, notified } = await withTransaction(deps.db, async (trx) => {
    const { row } = await lockForAction(trx, auth, caseId, 'mediate');
    if (!OPEN_STATES.includes(row.state)) throw conflict('mediation.case_not_open');
    const team = await teamOf(trx, auth, caseId);
    const memberIds = new Set(team.members.map((m) => m.id));
    const partyIds = new Set((await q.partiesWithPhone(trx, caseId)).map((p) => p.id));
    for (const p of participants) {
      if (p.memberId && !memberIds.has(p.memberId)) throw unprocessable('mediation.unknown_member');
      if (p.partyId && !partyIds.has(p.partyId)) throw unprocessable('mediation.unknown_party');
    }
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
    const sent = await notifyParticipants(trx, deps, {
      auth,
      row,
      sessionId,
      n,
      at,
      where: place ?? '线上视频会议',
      participants,
      team,
    });
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'mediation.session_schedule',
      caseId: row.id,
      detail: { session_id: sessionId, n, notified: sent },
    });
    return { id: sessionId, notified: sent };
  });
  return { ...sessionView((await q.getSession(deps.db.kysely, id))!), notified };
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
