// The dossier (卷宗) of an archived case: its whole file — registration, the ledger re-verified,
// the mediation team and session minutes, the agreements with their performance and judicial
// confirmation, conclusion, follow-up and archiving, the attachments — as one PDF with a table of
// contents. Whoever may read the case may export it once it is archived; each export is audited.
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict } from '../../http/errors.js';
import { formatSize } from '../../files/file-store.js';
import { recordStaffAction } from '../audit/audit.service.js';
import { getCaseDetail } from '../cases/read-case.js';
import { verifyCaseLedger } from '../cases/verify-ledger.js';
import { fullName, pathOf } from '../regions/regions.service.js';
import type { AgreementContent } from './agreement-pdf.js';
import { verifyUrl } from './agreements.service.js';
import {
  ACTION_ZH,
  CHANNEL_ZH,
  GUIDANCE_ZH,
  JUDICIAL_ZH,
  OUTCOME_ZH,
  ROLE_ZH,
  SATISFACTION_ZH,
  SESSION_OUTCOME_ZH,
  STATE_ZH,
  TEXT_KEYS_ZH,
} from './dossier-labels.js';
import { dossierPdf, type DossierData, type DossierEvent } from './dossier-pdf.js';
import * as fq from './followup.queries.js';
import type { Staff } from './mediation-access.js';
import * as q from './mediation.queries.js';
import { cstMinute } from './sessions.service.js';

const RISK_ZH: Record<string, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const when = (iso: string | Date) => cstMinute(new Date(iso));

/** The lines a dossier prints under one ledger event: units named, choices and texts given. */
export function eventLines(
  action: string,
  p: Record<string, unknown>,
  unitName: (id: string) => string | null,
): string[] {
  const out: string[] = [];
  const unit = str(p.unit_id) && unitName(p.unit_id as string);
  if (unit && action !== 'accept' && action !== 'report_in') out.push(`单位：${unit}`);
  if (Array.isArray(p.department_unit_ids)) {
    const names = (p.department_unit_ids as unknown[]).map((id) =>
      typeof id === 'string' ? unitName(id) : null,
    );
    if (names.some(Boolean)) out.push(`召集部门：${names.filter(Boolean).join('、')}`);
  }
  if (str(p.outcome)) {
    const o = p.outcome as string;
    out.push(`结果：${OUTCOME_ZH[o] ?? SESSION_OUTCOME_ZH[o] ?? o}`);
  }
  if (str(p.guidance)) out.push(`引导渠道：${GUIDANCE_ZH[p.guidance as string] ?? String(p.guidance)}`);
  if (str(p.satisfaction)) {
    out.push(`满意度：${SATISFACTION_ZH[p.satisfaction as string] ?? String(p.satisfaction)}`);
  }
  if (typeof p.n === 'number' && action.startsWith('mediation_session')) out.push(`第 ${p.n} 次调解`);
  if (typeof p.n === 'number' && action.startsWith('agreement_term')) out.push(`协议第 ${p.n} 条`);
  if (str(p.scheduled_at)) out.push(`调解时间：${when(p.scheduled_at as string)}`);
  if (str(p.status) && action === 'judicial_confirmation_updated') {
    out.push(`状态：${JUDICIAL_ZH[p.status as string] ?? String(p.status)}`);
  }
  if (str(p.ruling_no)) out.push(`裁定书文号：${String(p.ruling_no)}`);
  if (str(p.digest)) out.push(`协议摘要（SM3）：${String(p.digest).slice(0, 16)}…`);
  for (const [key, label] of TEXT_KEYS_ZH) {
    const v = str(p[key]);
    if (v) out.push(`${label}：${v}`);
  }
  return out;
}

/** What the dossier of a case says (the caller may read the case; it must be archived). */
export async function gatherDossier(deps: AppDeps, auth: Staff, caseId: string): Promise<DossierData> {
  const c = await getCaseDetail(deps, auth, caseId);
  if (c.state !== 'archived') throw conflict('mediation.dossier_not_archived');
  const db = deps.db.kysely;
  const [path, category, ledgerProblem, attachments, m, sessions, agreements, terms, referrals] =
    await Promise.all([
      pathOf(deps.db, c.regionCode),
      q.categoryName(db, c.categoryCode),
      verifyCaseLedger(db, (s) => deps.crypto.sm3Hex(s), caseId),
      q.attachmentsOf(db, caseId),
      q.getMediation(db, caseId),
      q.listSessions(db, caseId),
      q.listAgreements(db, caseId),
      fq.termsOfCase(db, caseId),
      fq.referralsOfCase(db, caseId),
    ]);
  const names = new Map(Object.entries(c.unitNames));
  const unitName = (id: string) => names.get(id) ?? null;
  const events: DossierEvent[] = c.timeline.map((e) => ({
    seq: e.seq,
    at: when(e.at),
    action: ACTION_ZH[e.action] ?? e.action,
    unit: e.actorUnitName,
    actor: e.actorName ?? ROLE_ZH[e.actorRole] ?? null,
    details: eventLines(e.action, e.payload, unitName),
  }));
  const team = m
    ? await Promise.all([
        q.getMembers(db, m.id),
        q.getUnits(db, [m.org_unit_id]),
        q.getUsers(db, [m.lead_mediator_id]),
      ])
    : null;
  const lastOf = (action: string) => c.timeline.filter((e) => e.action === action).at(-1);
  const concluded = lastOf('conclude');
  return {
    caseNo: c.caseNo,
    title: c.title,
    state: STATE_ZH[c.state] ?? c.state,
    category: category ?? c.categoryCode,
    channel: CHANNEL_ZH[c.channel] ?? c.channel,
    region: fullName(path) || (c.regionName ?? c.regionCode),
    center: c.centerName ?? '',
    registeredAt: when(c.createdAt),
    riskLevel: RISK_ZH[c.riskLevel] ?? c.riskLevel,
    description: c.description,
    address: c.address,
    parties: c.parties.map((p) => ({ role: p.role, name: p.name, phone: p.phone, idNumber: p.idNumber })),
    events,
    ledger: {
      intact: ledgerProblem === null,
      problem: ledgerProblem ? `第 ${ledgerProblem.seq} 条：${ledgerProblem.problem}` : null,
      lastHash: c.timeline.at(-1)?.hash ?? '',
    },
    mediation:
      m && team
        ? {
            org: team[1][0]?.name ?? '',
            lead: team[2][0]?.display_name ?? '',
            assignedAt: when(m.assigned_at),
            members: team[0].map((x) => ({ name: x.name, role: x.member_role, unit: x.unit_name })),
            sessions: sessions.map((s) => ({
              n: s.n,
              scheduledAt: when(s.scheduled_at),
              where: [s.place, s.video_url].filter(Boolean).join(' / '),
              participants: s.participants.map((p) => `${p.name}（${p.role}）`),
              status: s.status,
              heldAt: s.held_at ? when(s.held_at) : null,
              attendance: s.attendance,
              minutes: s.minutes,
              outcome: s.outcome,
            })),
            agreements: agreements.map((a) => {
              const content = a.content as unknown as AgreementContent;
              return {
                date: content.date,
                parties: content.parties,
                facts: content.facts,
                terms: content.terms,
                performanceDeadline: content.performanceDeadline,
                place: content.place,
                digest: a.digest,
                verifyUrl: verifyUrl(deps, a.id, a.digest),
                tracked: terms
                  .filter((t) => t.agreement_id === a.id)
                  .map((t) => ({
                    n: t.n,
                    dueDay: t.due_day,
                    status: t.status,
                    statusAt: t.status_at ? when(t.status_at) : null,
                    note: t.status_note,
                  })),
                referrals: referrals
                  .filter((r) => r.agreement_id === a.id)
                  .map((r) => ({
                    court: r.court_name,
                    status: r.status,
                    referredAt: when(r.referred_at),
                    decidedAt: r.decided_at ? when(r.decided_at) : null,
                    rulingNo: r.ruling_no,
                  })),
              };
            }),
          }
        : null,
    conclusion: concluded
      ? {
          at: when(concluded.at),
          outcome: String(concluded.payload.outcome ?? ''),
          guidance: str(concluded.payload.guidance),
          summary: str(concluded.payload.summary),
        }
      : null,
    followUps: c.timeline
      .filter((e) => e.action === 'follow_up')
      .map((e) => ({ at: when(e.at), satisfaction: str(e.payload.satisfaction), note: str(e.payload.note) })),
    archivedAt: lastOf('archive') ? when(lastOf('archive')!.at) : null,
    attachments: attachments.map((a) => ({
      name: a.file_name,
      size: formatSize(a.size_bytes),
      sm3: a.sm3,
      at: when(a.created_at),
    })),
    exportedAt: when(deps.clock()),
    exportedBy: auth.user.displayName,
  };
}

/** The dossier's PDF, and an audit row of the export (a whole file leaves the system). */
export async function dossierFile(deps: AppDeps, auth: Staff, caseId: string, ip: string | null) {
  const data = await gatherDossier(deps, auth, caseId);
  const now = deps.clock();
  const pdf = await dossierPdf(data, now);
  await withTransaction(deps.db, (trx) =>
    recordStaffAction(trx, deps, {
      user: auth.user,
      at: now,
      ip,
      action: 'case.dossier_export',
      targetType: 'case',
      targetId: caseId,
      detail: { pdf_sm3: deps.crypto.sm3Hex(pdf), bytes: pdf.length },
    }),
  );
  return { pdf, filename: `dossier-${data.caseNo}.pdf` };
}
