// 我的信息: everything Yimen holds about a phone-verified resident (PIPL art. 45), as one JSON
// document — their cases (as any party), their own party records in clear, the privacy-notice
// versions on their submissions, follow-up answers, who unmasked their records, their requests.
// Other people's data stays masked. Every export is audited.
import { maskName } from '../../../core/pii/masking.js';
import { caseRetainedUntil } from '../../../core/pii/pi-rights.js';
import type { CaseState } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import type { Lang } from '../../http/i18n.js';
import { recordAudit } from '../audit/audit.service.js';
import { revealToSubject } from '../pii/unmask.service.js';
import { PRIVACY_NOTICE } from '../resident/privacy-notice.js';
import { casesAsAnyParty, type ResidentCase } from '../resident/resident-cases.service.js';
import { presentOwnRequest, type OwnRequest } from './pi-requests.service.js';
import * as q from './pi-rights.queries.js';

export interface MyParty {
  id: string;
  caseId: string;
  role: string;
  kind: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  /** 停止处理 since (a deletion request met the case's retention) */
  restrictedAt: string | null;
}

export interface MyData {
  exportedAt: string;
  privacyNotice: {
    currentVersion: string;
    /** the version accepted with each submission */
    accepted: { caseNo: string; version: string | null; at: string }[];
  };
  cases: (ResidentCase & {
    channel: string;
    description: string;
    /** kept until (null: open, kept until it ends and then the retention period) */
    retainedUntil: string | null;
    myRecords: MyParty[];
    otherParties: {
      role: string;
      kind: string;
      name: string;
      phone: string | null;
      idNumber: string | null;
      address: string | null;
    }[];
    followUps: { at: string; satisfaction: string | null; note: string | null; source: string }[];
  })[];
  /** who viewed one of my records in clear, and why (the per-person access log) */
  accessLog: {
    at: string;
    caseNo: string;
    field: string;
    reason: string;
    role: string;
    unit: string | null;
  }[];
  requests: OwnRequest[];
}

/** Builds the resident's export and audits it (who: the resident; what: counts, no personal data). */
export async function exportMyData(
  deps: AppDeps,
  who: { phoneBidx: string; ip: string | null },
  lang: Lang,
  format: 'json' | 'pdf' = 'json',
): Promise<MyData> {
  const db = deps.db.kysely;
  const now = deps.clock();
  const mine = await q.partiesOfPhone(db, who.phoneBidx);
  const { rows, presented, followUps: events } = await casesAsAnyParty(deps, who.phoneBidx, lang);
  const caseIds = rows.map((r) => r.id);
  const ownIds = mine.map((p) => p.id);
  const others = await q.otherParties(db, caseIds, ownIds);
  const checks = await q.qualityChecksOfCases(db, caseIds);
  const log = await q.accessLogOfParties(db, ownIds);
  const requests = await q.requestsOfPhone(db, who.phoneBidx);
  const caseNoOfParty = new Map(mine.map((p) => [p.id, p.case_no]));

  const cases = rows.map((r, i) => {
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      ...presented[i]!,
      channel: r.channel,
      description: r.description,
      retainedUntil:
        caseRetainedUntil({
          state: r.state as CaseState,
          endedAt: r.concluded_at ?? r.updated_at,
        })?.toISOString() ?? null,
      myRecords: mine
        .filter((p) => p.case_id === r.id)
        .map((p) => ({
          id: p.id,
          caseId: p.case_id,
          role: p.role,
          kind: p.kind,
          name: p.name,
          phone: revealToSubject(deps, 'phone', p.phone_enc),
          idNumber: revealToSubject(deps, 'id_number', p.id_number_enc),
          address: revealToSubject(deps, 'address', p.address_enc),
          restrictedAt: p.restricted_at?.toISOString() ?? null,
        })),
      otherParties: others
        .filter((o) => o.case_id === r.id)
        .map((o) => ({
          role: o.role,
          kind: o.kind,
          name: o.kind === 'person' ? maskName(o.name) : o.name,
          phone: o.phone_masked,
          idNumber: o.id_number_masked,
          address: o.address_masked,
        })),
      followUps: [
        ...events
          .filter((e) => e.case_id === r.id)
          .map((e) => {
            const p = (e.payload ?? {}) as Record<string, unknown>;
            return {
              at: e.at.toISOString(),
              satisfaction: str(p.satisfaction),
              note: str(p.note),
              source: 'follow_up',
            };
          }),
        ...checks
          .filter((c) => c.case_id === r.id && c.recorded_at)
          .map((c) => ({
            at: c.recorded_at!.toISOString(),
            satisfaction: c.satisfaction,
            note: c.note,
            source: 'quality_check',
          })),
      ],
    };
  });

  const data: MyData = {
    exportedAt: now.toISOString(),
    privacyNotice: {
      currentVersion: PRIVACY_NOTICE.version,
      accepted: rows
        .filter((r) => r.channel === 'qr' || r.privacy_notice_version !== null)
        .map((r) => ({
          caseNo: r.case_no,
          version: r.privacy_notice_version,
          at: r.created_at.toISOString(),
        })),
    },
    cases,
    accessLog: log.map((l) => ({
      at: l.at.toISOString(),
      caseNo: caseNoOfParty.get(l.subject_id) ?? '',
      field: l.field,
      reason: l.reason,
      role: l.role,
      unit: l.unit_name,
    })),
    requests: requests.map(presentOwnRequest),
  };
  await recordAudit(db, deps.newId(), {
    at: now,
    actorId: null,
    actorRole: 'resident',
    actorLabel: 'resident',
    ip: who.ip,
    action: 'resident.data_export',
    result: 'success',
    detail: { format, cases: cases.length, records: mine.length, access_entries: log.length },
  });
  return data;
}
