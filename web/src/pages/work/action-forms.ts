// The rules of the case page's action forms: which fields each action shows, which it needs, how
// values are checked, and the body POST /api/cases/:id/transitions receives. Pure, so the rules
// are tested without a browser; the server checks everything again.
import type { CaseAction } from '../../../../src/core/workflow/available-actions';
import type { GuidanceChannel, Outcome, Satisfaction } from '../../../../src/core/workflow/case-model';

export type FieldName =
  | 'unitId'
  | 'departmentUnitIds'
  | 'decision'
  | 'approved'
  | 'outcome'
  | 'guidance'
  | 'satisfaction'
  | 'workingDays'
  | 'method'
  | 'legalGround'
  | 'summary'
  | 'reason'
  | 'note';

/** What a form holds while being filled in (antd Form values). */
export interface ActionValues {
  unitId?: string;
  departmentUnitIds?: string[];
  decision?: 'uphold' | 'overrule';
  approved?: boolean;
  outcome?: Outcome;
  guidance?: GuidanceChannel;
  satisfaction?: Satisfaction;
  workingDays?: number | null;
  method?: string;
  legalGround?: string;
  summary?: string;
  reason?: string;
  note?: string;
}

/** What the checks need to know about the case. */
export interface ActionContext {
  leadUnitId: string | null;
  /** every unit linked to the case (lead, co-handlers, summoned) */
  linkedUnitIds: readonly string[];
}

/** Text limits of the API (TransitionBody in cases.schemas.ts). */
export const MAX_LENGTH: Partial<Record<FieldName, number>> = {
  note: 2000,
  reason: 2000,
  summary: 4000,
  legalGround: 500,
  method: 50,
};
export const WORKING_DAYS = { min: 1, max: 60 } as const;
export const MAX_DEPARTMENTS = 20;

/** Ways of handling a case the handle form offers (free text is stored; these are the usual ones). */
export const HANDLE_METHODS = ['visit', 'phone', 'mediation_meeting', 'online', 'other'] as const;

/** The fields of each action's form, in display order (some only show for certain values). */
export const FORM_FIELDS: Record<CaseAction, readonly FieldName[]> = {
  assign: ['unitId', 'note'],
  accept: ['note'],
  reject: ['reason'],
  rule_rejection: ['decision', 'unitId', 'note'],
  transfer: ['unitId', 'reason'],
  add_co_handler: ['unitId', 'note'],
  escalate: ['departmentUnitIds', 'reason'],
  report_in: ['note'],
  handle: ['method', 'note'],
  pause_clock: ['reason'],
  resume_clock: ['note'],
  request_extension: ['workingDays', 'reason'],
  rule_extension: ['approved', 'note'],
  conclude: ['outcome', 'summary', 'guidance'],
  follow_up: ['satisfaction', 'note'],
  reopen: ['reason'],
  archive: ['note'],
  withdraw: ['reason'],
  decline: ['legalGround', 'guidance', 'note'],
};

/** Fields each action always needs (the server's REQUIRED_FIELDS). */
const REQUIRED: Record<CaseAction, readonly FieldName[]> = {
  assign: ['unitId'],
  accept: [],
  reject: ['reason'],
  rule_rejection: ['decision', 'note'],
  transfer: ['unitId', 'reason'],
  add_co_handler: ['unitId'],
  escalate: ['departmentUnitIds', 'reason'],
  report_in: [],
  handle: ['note'],
  pause_clock: ['reason'],
  resume_clock: [],
  request_extension: ['workingDays', 'reason'],
  rule_extension: ['approved', 'note'],
  conclude: ['outcome', 'summary'],
  follow_up: ['satisfaction'],
  reopen: ['reason'],
  archive: [],
  withdraw: ['reason'],
  decline: ['legalGround', 'guidance'],
};

/** The fields shown now: upholding a rejection names the new unit; failed mediation names guidance. */
export function visibleFields(action: CaseAction, v: ActionValues): FieldName[] {
  return FORM_FIELDS[action].filter((f) => {
    if (action === 'rule_rejection' && f === 'unitId') return v.decision === 'uphold';
    if (action === 'conclude' && f === 'guidance') return v.outcome === 'mediation_failed';
    return true;
  });
}

/** The fields that must be filled in now (a superset of the server's required fields). */
export function requiredFields(action: CaseAction, v: ActionValues): FieldName[] {
  const visible = visibleFields(action, v);
  const extra: FieldName[] = [];
  if (action === 'rule_rejection' && v.decision === 'uphold') extra.push('unitId');
  if (action === 'conclude' && v.outcome === 'mediation_failed') extra.push('guidance');
  return visible.filter((f) => REQUIRED[action].includes(f) || extra.includes(f));
}

const isBlank = (x: unknown) =>
  x === undefined ||
  x === null ||
  (typeof x === 'string' && x.trim() === '') ||
  (Array.isArray(x) && x.length === 0);

/**
 * The problem with one field, as a message key of the work area (work.form.error.*), or null.
 * Only visible fields are checked.
 */
export function fieldError(
  action: CaseAction,
  field: FieldName,
  v: ActionValues,
  ctx: ActionContext,
): string | null {
  if (!visibleFields(action, v).includes(field)) return null;
  const value = v[field];
  if (isBlank(value)) return requiredFields(action, v).includes(field) ? 'required' : null;
  const max = MAX_LENGTH[field];
  if (max !== undefined && typeof value === 'string' && value.trim().length > max) return 'tooLong';
  switch (field) {
    case 'unitId':
      // the API refuses naming the current lead (transfer, uphold) or a unit already on the case
      if ((action === 'transfer' || action === 'rule_rejection') && value === ctx.leadUnitId)
        return 'sameUnit';
      if (action === 'add_co_handler' && ctx.linkedUnitIds.includes(value as string)) return 'alreadyLinked';
      return null;
    case 'departmentUnitIds': {
      const ids = value as string[];
      if (ids.length > MAX_DEPARTMENTS) return 'tooMany';
      if (new Set(ids).size !== ids.length) return 'duplicate';
      return ids.some((id) => ctx.linkedUnitIds.includes(id)) ? 'alreadyLinked' : null;
    }
    case 'workingDays': {
      const n = value as number;
      return Number.isInteger(n) && n >= WORKING_DAYS.min && n <= WORKING_DAYS.max ? null : 'workingDays';
    }
    default:
      return null;
  }
}

/** Every problem of the form, by field; {} when it may be sent. */
export function validateAction(
  action: CaseAction,
  v: ActionValues,
  ctx: ActionContext,
): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const f of FORM_FIELDS[action]) {
    const e = fieldError(action, f, v, ctx);
    if (e) out[f] = e;
  }
  return out;
}

/**
 * The transition body: the visible, filled-in fields (text trimmed), the action and the version
 * the user saw (a stale one gets 409 from the server).
 */
export function toTransitionBody(
  action: CaseAction,
  v: ActionValues,
  version: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = { action, version };
  for (const f of visibleFields(action, v)) {
    const value = v[f];
    if (isBlank(value)) continue;
    body[f] = typeof value === 'string' ? value.trim() : value;
  }
  return body;
}

/** Values a form starts with: the routing suggestion for an assignment, the usual choices. */
export function initialValues(
  action: CaseAction,
  opts: { suggestedUnitId?: string | null } = {},
): ActionValues {
  switch (action) {
    case 'assign':
      return opts.suggestedUnitId ? { unitId: opts.suggestedUnitId } : {};
    case 'rule_rejection':
      return { decision: 'uphold' };
    case 'rule_extension':
      return { approved: true };
    case 'request_extension':
      return { workingDays: 5 };
    default:
      return {};
  }
}

/** Actions that end or hand away the user's part, asked for with a danger style. */
export const DANGER_ACTIONS: readonly CaseAction[] = ['reject', 'withdraw', 'decline', 'reopen'];

/** The action that moves the case on for this user, shown as the primary button. */
export function primaryAction(allowed: readonly CaseAction[]): CaseAction | null {
  const order: CaseAction[] = [
    'assign', 'rule_rejection', 'accept', 'report_in', 'rule_extension', 'conclude', 'follow_up', 'archive',
  ]; // prettier-ignore
  return order.find((a) => allowed.includes(a)) ?? null;
}
