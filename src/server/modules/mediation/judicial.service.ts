// Judicial confirmation (司法确认) of a mediation agreement: the team refers it to a court on the
// case's path (a 人民法庭, the county court or above) within 30 days of signing, then records what
// the court did (accepted, confirmed with its ruling number, rejected) or that the parties withdrew.
// Each step: the referral row, a record event on the case's ledger and an audit row, together.
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import {
  judicialNext,
  needsRulingNo,
  withinReferralWindow,
  type JudicialState,
  type JudicialStep,
} from '../../../core/mediation/judicial.js';
import { selfAndAncestors } from '../../../core/regions/region-code.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { badRequest, conflict, notFound, unprocessable } from '../../http/errors.js';
import { appendRecord } from '../cases/case-records.js';
import type { AgreementContent } from './agreement-pdf.js';
import * as fq from './followup.queries.js';
import { audit, lockForAction, readable, teamOf, type Staff } from './mediation-access.js';
import * as q from './mediation.queries.js';
import { referralView } from './mediation.service.js';

const CLOSED_WITHOUT_AGREEMENT = ['withdrawn', 'declined'];
const COURT_TYPE = '法院';

/** The courts a case's agreement may be referred to: active 法院 units on its place's path. */
export async function courtsFor(deps: AppDeps, auth: Staff, caseId: string) {
  const row = await readable(deps, auth, caseId);
  const courts = await q.courtsOn(deps.db.kysely, selfAndAncestors(row.region_code), COURT_TYPE);
  // the nearest first: a township's tribunal before the county court before the city's
  return {
    items: courts
      .sort((a, b) => b.region_code.length - a.region_code.length || a.name.localeCompare(b.name, 'zh-CN'))
      .map((c) => ({ unitId: c.id, name: c.name, regionCode: c.region_code })),
  };
}

export interface ReferInput {
  courtUnitId: string;
  note?: string;
}

/** Refers an agreement for judicial confirmation (the team, within 30 days of signing). */
export async function referAgreement(
  deps: AppDeps,
  auth: Staff,
  agreementId: string,
  input: ReferInput,
  ip: string | null,
) {
  const agreement = await q.getAgreement(deps.db.kysely, agreementId);
  if (!agreement) throw notFound();
  const note = input.note?.trim() || null;
  const id = deps.newId();
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    const { row } = await lockForAction(trx, auth, agreement.case_id, 'mediate');
    if (CLOSED_WITHOUT_AGREEMENT.includes(row.state)) throw conflict('mediation.case_not_open');
    await teamOf(trx, auth, row.id);
    const court = await q.getUnit(trx, input.courtUnitId);
    if (
      !court ||
      !court.active ||
      court.kind !== 'department' ||
      court.department_type !== COURT_TYPE ||
      !selfAndAncestors(row.region_code).includes(court.region_code)
    ) {
      throw unprocessable('mediation.not_court');
    }
    const signed = (agreement.content as unknown as AgreementContent).date;
    if (!withinReferralWindow(signed, cstDayOf(now))) throw unprocessable('mediation.referral_window');
    if (await fq.liveReferralOf(trx, agreement.id)) throw conflict('mediation.referral_exists');
    await fq.insertReferral(trx, {
      county_code: row.county_code,
      id,
      case_id: row.id,
      agreement_id: agreement.id,
      court_unit_id: court.id,
      status: 'referred',
      note,
      referred_by: auth.user.id,
      referred_at: now,
      updated_at: now,
    });
    const payload = { referral_id: id, agreement_id: agreement.id, unit_id: court.id };
    const { seq } = await appendRecord(
      trx,
      deps,
      { row, action: 'judicial_confirmation_referred', payload },
      auth.actor,
      now,
    );
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: 'mediation.judicial_refer',
      caseId: row.id,
      detail: { referral_id: id, court_unit_id: court.id, seq },
    });
  });
  return viewOf(deps, id);
}

export interface ReferralStepInput {
  step: JudicialStep;
  /** the court's ruling number (裁定书文号), needed to confirm */
  rulingNo?: string;
  note?: string;
}

/** Records the court's step on a referral (accepted, confirmed, rejected) or its withdrawal. */
export async function updateReferral(
  deps: AppDeps,
  auth: Staff,
  referralId: string,
  input: ReferralStepInput,
  ip: string | null,
) {
  const found = await fq.getReferral(deps.db.kysely, referralId);
  if (!found) throw notFound();
  const rulingNo = input.rulingNo?.trim() || null;
  const note = input.note?.trim() || null;
  if (needsRulingNo(input.step) && !rulingNo) throw badRequest('mediation.ruling_no_required');
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock();
    const { row } = await lockForAction(trx, auth, found.case_id, 'mediate');
    await teamOf(trx, auth, row.id);
    const r = (await fq.lockReferral(trx, referralId))!;
    const next = judicialNext(r.status as JudicialState, input.step);
    if (!next) throw conflict('mediation.referral_state', { status: r.status });
    const decided = next === 'confirmed' || next === 'rejected' || next === 'withdrawn';
    await fq.updateReferral(trx, r.id, {
      status: next,
      ...(rulingNo ? { ruling_no: rulingNo } : {}),
      ...(note ? { result_note: note } : {}),
      decided_at: decided ? now : null,
      updated_at: now,
    });
    const payload = {
      referral_id: r.id,
      agreement_id: r.agreement_id,
      status: next,
      ...(rulingNo ? { ruling_no: rulingNo } : {}),
    };
    const { seq } = await appendRecord(
      trx,
      deps,
      { row, action: 'judicial_confirmation_updated', payload },
      auth.actor,
      now,
    );
    await audit(trx, deps, auth, {
      at: now,
      ip,
      action: `mediation.judicial_${input.step}`,
      caseId: row.id,
      detail: { referral_id: r.id, status: next, seq },
    });
  });
  return viewOf(deps, referralId);
}

async function viewOf(deps: AppDeps, id: string) {
  const r = (await fq.getReferral(deps.db.kysely, id))!;
  const [court] = await q.getUnits(deps.db.kysely, [r.court_unit_id]);
  return referralView({ ...r, court_name: court?.name ?? '' });
}
