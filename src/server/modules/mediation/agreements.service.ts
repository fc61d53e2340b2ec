// The mediation agreement (调解协议书): generated as a PDF after a session that reached agreement,
// stored as issued, its content's and PDF's SM3 digests on the case's ledger; its terms that
// oblige a party tracked for performance (履行); the public check behind its QR code.
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { termDueDays } from '../../../core/mediation/performance.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, notFound, unprocessable } from '../../http/errors.js';
import { appendRecord } from '../cases/case-records.js';
import { verifyCaseLedger } from '../cases/verify-ledger.js';
import { agreementPdf, type AgreementContent } from './agreement-pdf.js';
import * as fq from './followup.queries.js';
import { audit, lockForAction, readable, teamOf, text, type Staff } from './mediation-access.js';
import * as q from './mediation.queries.js';

const OPEN_STATES = ['registered', 'assigned', 'in_progress'];

export interface AgreementInput {
  parties: { role: 'applicant' | 'respondent' | 'third_party'; name: string; representative?: string }[];
  facts: string;
  terms: string[];
  /**
   * the due day of each term (null: the term obliges no one, e.g. "no further claims"); when
   * absent, every term is due by the performance deadline
   */
  termDueDays?: (string | null)[];
  performanceDeadline: string;
  place: string;
}

/** The public verification link of an agreement (what its QR code encodes). */
export function verifyUrl(deps: Pick<AppDeps, 'config'>, id: string, digest: string): string {
  return `${deps.config.publicUrl}/verify/agreements/${id}?d=${digest}`;
}

/** The SM3 digest of an agreement's content: of its canonical JSON (RFC 8785). */
export function contentDigest(deps: Pick<AppDeps, 'crypto'>, content: unknown): string {
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
  if (input.termDueDays && input.termDueDays.length !== terms.length) {
    throw badRequest('mediation.term_days_length');
  }
  const place = text(input.place, 'place');
  const parties = input.parties.map((p) => ({
    role: p.role,
    name: text(p.name, 'name'),
    ...(p.representative?.trim() ? { representative: p.representative.trim() } : {}),
  }));
  const now = deps.clock();
  const today = cstDayOf(now);
  if (input.performanceDeadline <= today) throw unprocessable('mediation.deadline_in_past');
  const due = termDueDays({
    terms: terms.length,
    deadline: input.performanceDeadline,
    today,
    given: input.termDueDays,
  });
  if ('problem' in due) throw unprocessable('mediation.term_day_out_of_range');
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
      // only when the team gave each term its own day (else every term is due by the deadline)
      ...(input.termDueDays ? { termDueDays: due.ok } : {}),
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
    // the terms that oblige someone, tracked for performance (履行) with their due days
    await fq.insertTerms(
      trx,
      terms.flatMap((t, i) => {
        const day = due.ok[i];
        return day
          ? [
              {
                county_code: row.county_code,
                id: deps.newId(),
                agreement_id: agreementId,
                case_id: row.id,
                n: i + 1,
                text: t,
                due_day: day,
                created_at: now,
              },
            ]
          : [];
      }),
    );
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
