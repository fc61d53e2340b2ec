// The pure part of the warnings, quality call-back and triage views: the shapes the API answers,
// the URLs, how a reason reads, and the checks of the forms (tested in rules.test.ts).
import { qs } from '../../api/client';
import type { RiskLevel } from '../../../../src/core/workflow/case-model';

/** One reason of a warning or a suggestion: a rule code with its words and numbers. */
export interface Reason {
  code?: string;
  rule?: string;
  level?: string;
  category?: string;
  confidence?: number;
  words?: string[];
  params?: Record<string, string | number>;
}

export interface WarningSummary {
  id: string;
  kind: 'high_risk' | 'repeat' | 'spike' | 'stuck';
  severity: 'red' | 'orange' | 'yellow';
  status: 'open' | 'acknowledged' | 'handled';
  regionCode: string;
  regionName: string | null;
  levelCode: string;
  unitId: string | null;
  unitName: string | null;
  caseId: string | null;
  caseNo: string | null;
  categoryCode: string | null;
  reasons: Reason[];
  caseCount: number;
  occurrences: number;
  raisedAt: string;
  lastRaisedAt: string;
  acknowledgedAt: string | null;
  handledAt: string | null;
  handledNote: string | null;
  version: number;
}

export interface WarningDetail extends WarningSummary {
  evidence: Record<string, unknown>;
  cases: {
    id: string;
    caseNo: string;
    title: string;
    state: string;
    channel: string;
    regionCode: string;
    categoryCode: string;
    riskLevel: string;
    createdAt: string;
  }[];
  hiddenCases: number;
  events: { action: string; at: string; actorName: string | null; note: string | null }[];
  mayAct: boolean;
}

export interface WarningFilters {
  /** a region under the user's scope (the dashboard's drill-down); default the whole scope */
  region?: string;
  kind?: WarningSummary['kind'];
  status?: WarningSummary['status'] | 'active';
  severity?: WarningSummary['severity'];
}

export function warningsUrl(f: WarningFilters, cursor: string | null): string {
  return `/api/warnings${qs({ region: f.region, kind: f.kind, status: f.status, severity: f.severity, cursor })}`;
}

/** Turns a reason into an i18n key, its parameters, and the words to show after it. */
export function reasonParts(
  r: Reason,
  categoryName: (code: string) => string,
): {
  key: string;
  params: Record<string, string | number>;
  words: string[];
  extra: { key: string; params: Record<string, string | number> }[];
} {
  const code = r.code ?? r.rule ?? 'unknown';
  const params: Record<string, string | number> = { ...(r.params ?? {}) };
  const extra: { key: string; params: Record<string, string | number> }[] = [];
  if (code === 'category') params.category = categoryName(r.category ?? '');
  if (code === 'group') {
    if (r.params?.parties !== undefined)
      extra.push({ key: 'warnings.reason.groupParties', params: { parties: r.params.parties } });
    if (r.params?.people !== undefined)
      extra.push({ key: 'warnings.reason.groupPeople', params: { people: r.params.people } });
  }
  if (code === 'wage_arrears_year_end' && r.params?.period === 'year_end') {
    extra.push({ key: 'warnings.reason.wageByDate', params: {} });
  }
  if (code === 'repeat' && r.params?.earlier !== undefined) {
    extra.push({ key: 'warnings.reason.repeatEarlier', params: { earlier: r.params.earlier } });
  }
  if (code === 'sensitive_category' && typeof r.params?.category === 'string') {
    extra.push({ key: 'warnings.reason.category', params: { category: categoryName(r.params.category) } });
  }
  return { key: `warnings.reason.${code}`, params, words: r.words ?? [], extra };
}

/** A reason as one line of text, with `t` the i18n function. */
export function reasonText(
  r: Reason,
  t: (key: string, params?: Record<string, unknown>) => string,
  categoryName: (code: string) => string,
): string {
  const p = reasonParts(r, categoryName);
  const params = { ...p.params };
  if (typeof params.level === 'string') params.level = t(`common.risk.${params.level}`);
  if (typeof params.satisfaction === 'string')
    params.satisfaction = t(`common.satisfaction.${params.satisfaction}`);
  if (typeof params.deadline === 'string') params.deadline = new Date(params.deadline).toLocaleString();
  if (r.code === 'set_at_registration' && r.level) params.level = t(`common.risk.${r.level}`);
  const head = t(p.key, params);
  const extras = p.extra.map((e) => t(e.key, e.params));
  const tail = [...extras, p.words.join('、')].filter(Boolean).join('；');
  return tail ? `${head}：${tail}` : head;
}

// ---- quality call-backs -------------------------------------------------------------------------

export interface QualityCheck {
  id: string;
  caseId: string;
  caseNo: string;
  title: string;
  categoryCode: string;
  outcome: string | null;
  caseSatisfaction: string | null;
  caseState: string;
  weekStart: string;
  regionCode: string;
  concludedAt: string;
  assignedTo: string;
  assigneeName: string;
  status: 'pending' | 'done' | 'unreachable';
  satisfaction: string | null;
  reopenNeeded: boolean | null;
  note: string | null;
  recordedAt: string | null;
  mine: boolean;
}

export interface QualityRates {
  sampled: number;
  pending: number;
  unreachable: number;
  reached: number;
  satisfactionRate: number | null;
  reopenNeeded: number;
  reopenRate: number | null;
}

export function qualityUrl(scope: 'mine' | 'scope', cursor: string | null): string {
  return `/api/quality-checks${qs({ scope, cursor })}`;
}

export interface CheckValues {
  reached?: boolean;
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  reopenNeeded?: boolean;
  note?: string;
}

/** What is missing from a call-back result (the server checks the same). */
export function checkErrors(v: CheckValues): ('reached' | 'satisfaction' | 'reopenNeeded' | 'note')[] {
  const out: ('reached' | 'satisfaction' | 'reopenNeeded' | 'note')[] = [];
  if (v.reached === undefined) out.push('reached');
  if (v.reached === true) {
    if (!v.satisfaction) out.push('satisfaction');
    if (v.reopenNeeded === undefined) out.push('reopenNeeded');
  }
  if ((v.note ?? '').length > 1000) out.push('note');
  return out;
}

/** The body to send: nothing but what the server accepts for a reached or unreached resident. */
export function checkBody(v: CheckValues) {
  const note = v.note?.trim() || undefined;
  return v.reached
    ? { reached: true, satisfaction: v.satisfaction, reopenNeeded: v.reopenNeeded, ...(note ? { note } : {}) }
    : { reached: false, ...(note ? { note } : {}) };
}

/** A rate as a percentage with one decimal, or null. */
export function percent(rate: number | null): string | null {
  return rate === null ? null : `${(rate * 100).toFixed(1)} %`;
}

// ---- triage -------------------------------------------------------------------------------------

export interface TriageSuggestion {
  category: string;
  confidence: number;
  risk: RiskLevel;
  reasons: Reason[];
}

/** Below this the category is offered as a guess. */
export { CONFIDENT } from '../../../../src/core/triage/triage';

/** Descriptions shorter than this are not worth a suggestion yet. */
export const TRIAGE_MIN_LENGTH = 8;

/** Whether the form already holds what was suggested. */
export function suggestionAccepted(
  values: { categoryCode?: string; riskLevel?: RiskLevel },
  s: Pick<TriageSuggestion, 'category' | 'risk'>,
): boolean {
  return values.categoryCode === s.category && values.riskLevel === s.risk;
}
