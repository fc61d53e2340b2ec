// The resident's correction and deletion requests (PIPL arts. 46–47) and their answer by the
// security administrator, who holds personal-data protection among the three administrators
// (三员分立: "security policy and accounts", domain.md). A correction is written through the
// party write path (sealed, blind index renewed); a deletion of records under the case's
// retention restricts them (停止处理) instead; the resident channel's own traces are deleted at once.
import { isValidIdNumber, isValidPhone } from '../../../core/pii/validation.js';
import { maskAddress, maskIdNumber, maskPhone } from '../../../core/pii/masking.js';
import {
  caseRetainedUntil,
  decidePiRequest,
  isRetained,
  piRequestDue,
  type PiDecision,
} from '../../../core/pii/pi-rights.js';
import { workingDaysBetween } from '../../../core/calendar/work-calendar.js';
import type { CaseState } from '../../../core/workflow/case-model.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { PiRequestStatus } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import type { AppDeps } from '../../deps.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { StaffUser } from '../auth/auth.service.js';
import { sealPartyField } from '../cases/party-fields.js';
import { revealToSubject } from '../pii/unmask.service.js';
import * as q from './pi-rights.queries.js';

export type NewPiRequest =
  | { kind: 'correction'; partyId: string; field: PiiField; value: string; reason: string }
  /** without a case: the resident channel's own traces (codes, their SMS, other sessions) */
  | { kind: 'deletion'; caseId?: string; reason: string };

/** A request as its resident sees it. */
export interface OwnRequest {
  id: string;
  kind: string;
  caseNo: string | null;
  field: string | null;
  newValue: string | null;
  reason: string;
  status: PiRequestStatus;
  createdAt: string;
  dueAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  retainedUntil: string | null;
}

type RequestRow = Awaited<ReturnType<typeof q.requestsOfPhone>>[number];

export function presentOwnRequest(r: RequestRow): OwnRequest {
  return {
    id: r.id,
    kind: r.kind,
    caseNo: r.case_no ?? null,
    field: r.field,
    newValue: r.new_value_masked,
    reason: r.reason,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    retainedUntil: r.retained_until?.toISOString() ?? null,
  };
}

function checkedValue(field: PiiField, raw: string): { value: string; masked: string } {
  const value = raw.trim();
  switch (field) {
    case 'phone':
      if (!isValidPhone(value)) throw badRequest('pi.bad_phone');
      return { value, masked: maskPhone(value) };
    case 'id_number':
      if (!isValidIdNumber(value)) throw badRequest('pi.bad_id_number');
      return { value, masked: maskIdNumber(value) };
    case 'address':
      if (value.length < 2) throw badRequest('pi.bad_address');
      return { value, masked: maskAddress(value) };
  }
}

const residentAudit = (ip: string | null) => ({
  actorId: null,
  actorRole: 'resident',
  actorLabel: 'resident',
  ip,
});

/**
 * Files a request for the resident's own record (another's answers 404). A deletion without a
 * case is carried out at once: no retention duty covers the channel's traces, so there is
 * nothing for anyone to weigh.
 */
export async function fileRequest(
  deps: AppDeps,
  who: { phoneBidx: string; tokenHash: string; ip: string | null },
  input: NewPiRequest,
): Promise<OwnRequest> {
  const now = deps.clock();
  const reason = input.reason.trim();
  if (!reason) throw badRequest('pi.reason_required');
  const checked = input.kind === 'correction' ? checkedValue(input.field, input.value) : null;
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    const mine = await q.partiesOfPhone(trx, who.phoneBidx);
    const base = {
      id,
      phone_bidx: who.phoneBidx,
      kind: input.kind,
      reason,
      due_at: piRequestDue(deps.calendar, now),
      created_at: now,
    };
    if (input.kind === 'correction') {
      const party = mine.find((p) => p.id === input.partyId);
      if (!party) throw notFound();
      await q.insertRequest(trx, {
        ...base,
        region_code: party.region_code,
        case_id: party.case_id,
        party_id: party.id,
        field: input.field,
        new_value_enc: deps.crypto.encrypt(input.field, checked!.value),
        new_value_masked: checked!.masked,
      });
    } else if (input.caseId) {
      const party = mine.find((p) => p.case_id === input.caseId);
      if (!party) throw notFound();
      await q.insertRequest(trx, { ...base, region_code: party.region_code, case_id: party.case_id });
    } else {
      const removed = await q.deleteChannelTraces(trx, who.phoneBidx, who.tokenHash);
      await q.insertRequest(trx, {
        ...base,
        status: 'completed',
        decided_at: now,
        decision_note: `otp:${removed.otps} sms:${removed.sms} sessions:${removed.sessions}`,
      });
    }
    await recordAudit(trx, deps.newId(), {
      ...residentAudit(who.ip),
      at: now,
      action: 'pi_request.file',
      targetType: 'pi_request',
      targetId: id,
      result: 'success',
      detail: { kind: input.kind, ...(input.kind === 'correction' ? { field: input.field } : {}) },
    });
  });
  const rows = await q.requestsOfPhone(deps.db.kysely, who.phoneBidx);
  return presentOwnRequest(rows.find((r) => r.id === id)!);
}

export async function listOwnRequests(deps: AppDeps, phoneBidx: string): Promise<OwnRequest[]> {
  return (await q.requestsOfPhone(deps.db.kysely, phoneBidx)).map(presentOwnRequest);
}

/** A request as the security administrator sees it: masked values, the deadline in working days. */
export interface StaffRequest extends Omit<OwnRequest, 'newValue'> {
  caseId: string | null;
  partyName: string | null;
  currentValue: string | null;
  newValue: string | null;
  /** working days left until due (negative: overdue by so many) */
  workingDaysLeft: number;
}

export async function listRequestsInScope(
  deps: AppDeps,
  user: StaffUser,
  status?: PiRequestStatus,
): Promise<StaffRequest[]> {
  const now = deps.clock();
  const rows = await q.requestsInScope(deps.db.kysely, { prefix: user.scopeCode, status });
  return rows.map((r) => {
    const ahead = workingDaysBetween(deps.calendar, { from: now, to: r.due_at });
    const behind = workingDaysBetween(deps.calendar, { from: r.due_at, to: now });
    const current =
      r.field === 'phone' ? r.phone_masked : r.field === 'id_number' ? r.id_number_masked : r.address_masked;
    return {
      ...presentOwnRequest({ ...r, case_no: r.case_no }),
      caseId: r.case_id,
      partyName: r.party_name,
      currentValue: r.field ? (current ?? null) : null,
      workingDaysLeft: ahead > 0 ? ahead : -behind,
    };
  });
}

/**
 * Answers a pending request of the caller's scope (another's: 404, answered already: 409). A
 * rejection needs a reason. Everything it writes commits together with its audit record.
 */
export async function decideRequest(
  deps: AppDeps,
  who: { user: StaffUser; ip: string | null },
  id: string,
  input: { decision: PiDecision; note?: string },
): Promise<StaffRequest> {
  const now = deps.clock();
  const note = input.note?.trim() || null;
  if (input.decision === 'reject' && !note) throw badRequest('pi.reject_reason');
  const scope = who.user.scopeCode;
  await withTransaction(deps.db, async (trx) => {
    const r = await q.lockRequest(trx, id);
    if (!r || !r.region_code || !r.case_id || !r.region_code.startsWith(scope)) throw notFound();
    const parties = await q.partiesOfPhone(trx, r.phone_bidx, { caseId: r.case_id });
    const first = parties[0];
    const until = first
      ? caseRetainedUntil({
          state: first.case_state as CaseState,
          endedAt: first.case_concluded_at ?? first.case_updated_at,
        })
      : null;
    const retained = isRetained(until, now);
    const out = decidePiRequest({ status: r.status, kind: r.kind, decision: input.decision, retained });
    if (!out.ok) throw conflict('pi.not_pending');
    if (out.status === 'completed' && r.kind === 'correction') {
      const party = await q.lockParty(trx, r.case_id, r.party_id!);
      if (!party) throw notFound();
      const value = revealToSubject(deps, r.field!, r.new_value_enc);
      await q.updateParty(
        trx,
        { countyCode: party.county_code, id: party.id },
        sealPartyField(deps, r.field!, value),
      );
    }
    for (const p of parties) {
      if (out.status === 'restricted') {
        await q.updateParty(
          trx,
          { countyCode: p.county_code, id: p.id },
          {
            restricted_at: p.restricted_at ?? now,
            retained_until: until,
          },
        );
      } else if (out.status === 'completed' && r.kind === 'deletion') {
        // retention over: nothing identifies the person any more
        await q.updateParty(
          trx,
          { countyCode: p.county_code, id: p.id },
          {
            name: '已删除',
            ...sealPartyField(deps, 'phone', null),
            ...sealPartyField(deps, 'id_number', null),
            ...sealPartyField(deps, 'address', null),
            name_pinyin_bidx: '',
            restricted_at: p.restricted_at ?? now,
          },
        );
      }
    }
    await q.updateRequest(trx, id, {
      status: out.status,
      decided_at: now,
      decided_by: who.user.id,
      decision_note: note,
      retained_until: out.status === 'restricted' ? until : null,
      // the sealed new value served its purpose
      new_value_enc: null,
    });
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: who.user.id,
      actorRole: who.user.role,
      actorLabel: who.user.username,
      ip: who.ip,
      action: 'pi_request.decide',
      targetType: 'pi_request',
      targetId: id,
      result: 'success',
      detail: { kind: r.kind, status: out.status, case_id: r.case_id, parties: parties.length },
    });
  });
  const rows = await listRequestsInScope(deps, who.user);
  return rows.find((x) => x.id === id)!;
}
