// "我的诉求": the cases whose applicant has the resident's verified phone, each with its
// resident-readable progress line. Another person's case answers 404, like one that does not exist.
import type { CaseState } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { caseQrUrl } from '../../documents/qr.js';
import type { ResidentStep, StepEvent } from './progress.js';
import { residentStep, unitIdsOfStep } from './progress.js';
import * as q from './resident.queries.js';

const STATE_TEXT: Record<CaseState, { zh: string; en: string }> = {
  registered: { zh: '待受理', en: 'Registered' },
  assigned: { zh: '已分派', en: 'Assigned' },
  in_progress: { zh: '办理中', en: 'In progress' },
  concluded: { zh: '已办结', en: 'Concluded' },
  followed_up: { zh: '已回访', en: 'Followed up' },
  archived: { zh: '已归档', en: 'Archived' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  declined: { zh: '不予受理', en: 'Declined' },
};

const OPEN: readonly string[] = ['registered', 'assigned', 'in_progress'];

export interface ResidentCase {
  id: string;
  caseNo: string;
  title: string;
  categoryCode: string;
  categoryName: string | null;
  regionCode: string;
  regionName: string | null;
  state: string;
  stateText: string;
  satisfaction: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  progress: ResidentStep[];
  /** what the resident may do now (the server checks again) */
  can: { followUp: boolean; withdraw: boolean; attach: boolean };
  /** the case's page in the resident H5 (what its QR code, 一案一码, encodes) */
  link: string;
  qrSvg: string;
}

type Row = Awaited<ReturnType<typeof q.casesOfPhone>>[number];

async function presentResidentCases(deps: AppDeps, rows: Row[], lang: Lang): Promise<ResidentCase[]> {
  const db = deps.db.kysely;
  const events = await q.eventsOfCases(
    db,
    rows.map((r) => r.id),
  );
  const steps: StepEvent[] = events.map((e) => ({
    seq: e.seq,
    at: e.at,
    action: e.action,
    payload: (e.payload ?? {}) as Record<string, unknown>,
    actorUnitId: e.actor_unit_id,
  }));
  const names = await q.unitNames(db, [...new Set(steps.flatMap(unitIdsOfStep))]);
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const byCase = new Map<string, ResidentStep[]>();
  for (const [i, s] of steps.entries()) {
    const step = residentStep(s, name, lang);
    if (!step) continue;
    const caseId = events[i]!.case_id;
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), step]);
  }
  const zh = lang !== 'en';
  return rows.map((r) => ({
    id: r.id,
    caseNo: r.case_no,
    title: r.title,
    categoryCode: r.category_code,
    categoryName: (zh ? r.category_zh : r.category_en) ?? null,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    state: r.state,
    stateText: zh ? STATE_TEXT[r.state].zh : STATE_TEXT[r.state].en,
    satisfaction: r.satisfaction,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    progress: byCase.get(r.id) ?? [],
    can: {
      followUp: r.state === 'concluded',
      withdraw: OPEN.includes(r.state),
      attach: OPEN.includes(r.state),
    },
    link: caseQrUrl(deps.config.publicUrl, r.id),
    qrSvg: `/api/cases/${r.id}/qr.svg`,
  }));
}

/** The resident's cases, newest first (at most 100). */
export async function listResidentCases(
  deps: AppDeps,
  phoneBidx: string,
  lang: Lang,
): Promise<ResidentCase[]> {
  const rows = await q.casesOfPhone(deps.db.kysely, phoneBidx, { limit: 100 });
  return presentResidentCases(deps, rows, lang);
}

/** One of the resident's cases, with its description and attachment count. */
export async function getResidentCase(
  deps: AppDeps,
  phoneBidx: string,
  caseId: string,
  lang: Lang,
): Promise<ResidentCase & { description: string; attachmentCount: number }> {
  const rows = await q.casesOfPhone(deps.db.kysely, phoneBidx, { id: caseId, limit: 1 });
  if (rows.length === 0) throw notFound();
  const [item] = await presentResidentCases(deps, rows, lang);
  return {
    ...item!,
    description: rows[0]!.description,
    attachmentCount: await q.attachmentCount(deps.db.kysely, caseId),
  };
}

/**
 * Every case where the phone is any party's, for the resident's data export (PIPL art. 45): the
 * rows, their resident-readable form and their follow-up events.
 */
export async function casesAsAnyParty(deps: AppDeps, phoneBidx: string, lang: Lang) {
  const db = deps.db.kysely;
  const rows = await q.casesOfPhone(db, phoneBidx, { limit: 500, anyRole: true });
  const presented = await presentResidentCases(deps, rows, lang);
  const events = await q.eventsOfCases(
    db,
    rows.map((r) => r.id),
  );
  return { rows, presented, followUps: events.filter((e) => e.action === 'follow_up') };
}
