import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS, type CaseAction } from '../../../../src/core/workflow/available-actions';
import { REQUIRED_FIELDS, TransitionBody } from '../../../../src/server/modules/cases/cases.schemas';
import {
  FORM_FIELDS,
  fieldError,
  initialValues,
  primaryAction,
  requiredFields,
  toTransitionBody,
  validateAction,
  visibleFields,
  type ActionValues,
} from './action-forms';

const LEAD = '0190a0b0-0000-7000-8000-000000000001';
const OTHER = '0190a0b0-0000-7000-8000-000000000002';
const LINKED = '0190a0b0-0000-7000-8000-000000000003';
const ctx = { leadUnitId: LEAD, linkedUnitIds: [LEAD, LINKED] };

/** A form filled in completely and correctly, as a user would. */
const FILLED: Record<CaseAction, ActionValues> = {
  assign: { unitId: OTHER, note: '分流交办' },
  accept: {},
  reject: { reason: ' 不属于本单位职责 ' },
  rule_rejection: { decision: 'uphold', unitId: OTHER, note: '改派' },
  transfer: { unitId: OTHER, reason: '转办' },
  add_co_handler: { unitId: OTHER },
  escalate: { departmentUnitIds: [OTHER], reason: '需上级部门参与' },
  report_in: { note: '报到' },
  handle: { note: '上门调解', method: 'visit' },
  pause_clock: { reason: '等待当事人' },
  resume_clock: {},
  request_extension: { workingDays: 5, reason: '案情复杂' },
  rule_extension: { approved: false, note: '不同意' },
  conclude: { outcome: 'mediation_failed', summary: '调解不成', guidance: 'litigation' },
  follow_up: { satisfaction: 'satisfied' },
  reopen: { reason: '群众不满意' },
  archive: {},
  withdraw: { reason: '自行和解' },
  decline: { legalGround: '已进入诉讼程序', guidance: 'litigation' },
};

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validBody = ajv.compile(TransitionBody);

describe('the action forms agree with the API', () => {
  it('every form field is a field of the transition body', () => {
    const known = Object.keys(TransitionBody.properties);
    for (const a of CASE_ACTIONS) for (const f of FORM_FIELDS[a]) expect(known, `${a}.${f}`).toContain(f);
  });

  it.each(CASE_ACTIONS)('%s requires at least what the server requires', (a) => {
    expect(requiredFields(a, FILLED[a])).toEqual(expect.arrayContaining([...REQUIRED_FIELDS[a]]));
  });

  it.each(CASE_ACTIONS)('%s: a complete form passes the checks and yields a body the server accepts', (a) => {
    expect(validateAction(a, FILLED[a], ctx)).toEqual({});
    const body = toTransitionBody(a, FILLED[a], 7);
    expect(validBody(body), JSON.stringify(validBody.errors)).toBe(true);
    expect(body).toMatchObject({ action: a, version: 7 });
  });

  it.each(CASE_ACTIONS.filter((a) => REQUIRED_FIELDS[a].length > 0))(
    '%s: an empty form names each missing required field',
    (a) => {
      const errors = validateAction(a, initialValues(a), ctx);
      for (const f of REQUIRED_FIELDS[a]) {
        if (f in initialValues(a)) continue;
        expect(errors[f as keyof typeof errors], f).toBe('required');
      }
    },
  );
});

describe('the rules of single forms', () => {
  it('trims text and leaves out blank optional fields', () => {
    expect(toTransitionBody('reject', { reason: '  理由  ' }, 2)).toEqual({
      action: 'reject',
      version: 2,
      reason: '理由',
    });
    expect(toTransitionBody('accept', { note: '   ' }, 2)).toEqual({ action: 'accept', version: 2 });
    expect(validateAction('reject', { reason: '   ' }, ctx)).toEqual({ reason: 'required' });
  });

  it('upholding a rejection needs the new unit, which must not be the rejecting lead; overruling does not', () => {
    expect(visibleFields('rule_rejection', { decision: 'overrule' })).toEqual(['decision', 'note']);
    expect(validateAction('rule_rejection', { decision: 'uphold', note: 'n' }, ctx)).toEqual({
      unitId: 'required',
    });
    expect(validateAction('rule_rejection', { decision: 'uphold', unitId: LEAD, note: 'n' }, ctx)).toEqual({
      unitId: 'sameUnit',
    });
    // a unit picked before switching to overrule is not sent
    expect(toTransitionBody('rule_rejection', { decision: 'overrule', unitId: OTHER, note: 'n' }, 3)).toEqual(
      {
        action: 'rule_rejection',
        version: 3,
        decision: 'overrule',
        note: 'n',
      },
    );
  });

  it('failed mediation needs guidance to litigation, arbitration …; other outcomes do not send it', () => {
    expect(requiredFields('conclude', { outcome: 'mediation_failed' })).toContain('guidance');
    expect(validateAction('conclude', { outcome: 'mediation_failed', summary: 's' }, ctx)).toEqual({
      guidance: 'required',
    });
    expect(visibleFields('conclude', { outcome: 'mediated_agreement' })).not.toContain('guidance');
    const body = toTransitionBody(
      'conclude',
      { outcome: 'mediated_agreement', summary: 's', guidance: 'other' },
      1,
    );
    expect(body).not.toHaveProperty('guidance');
  });

  it('refuses a transfer to the current lead and a co-handler already on the case', () => {
    expect(fieldError('transfer', 'unitId', { unitId: LEAD }, ctx)).toBe('sameUnit');
    expect(fieldError('add_co_handler', 'unitId', { unitId: LINKED }, ctx)).toBe('alreadyLinked');
    expect(fieldError('assign', 'unitId', { unitId: LEAD }, ctx)).toBeNull();
  });

  it('checks the departments of a whistle and the days of an extension', () => {
    const f = (ids: string[]) => fieldError('escalate', 'departmentUnitIds', { departmentUnitIds: ids }, ctx);
    expect(f([])).toBe('required');
    expect(f([OTHER, OTHER])).toBe('duplicate');
    expect(f([LINKED])).toBe('alreadyLinked');
    expect(f(Array.from({ length: 21 }, (_, i) => `u${i}`))).toBe('tooMany');
    const days = (n: number | null) =>
      fieldError('request_extension', 'workingDays', { workingDays: n }, ctx);
    expect(days(null)).toBe('required');
    expect(days(0)).toBe('workingDays');
    expect(days(61)).toBe('workingDays');
    expect(days(2.5)).toBe('workingDays');
    expect(days(60)).toBeNull();
  });

  it('limits text to what the API stores', () => {
    expect(fieldError('decline', 'legalGround', { legalGround: 'x'.repeat(501) }, ctx)).toBe('tooLong');
    expect(fieldError('decline', 'legalGround', { legalGround: 'x'.repeat(500) }, ctx)).toBeNull();
    expect(fieldError('handle', 'note', { note: 'x'.repeat(2001) }, ctx)).toBe('tooLong');
  });

  it('starts an assignment on the routing suggestion, and an extension request at five days', () => {
    expect(initialValues('assign', { suggestedUnitId: OTHER })).toEqual({ unitId: OTHER });
    expect(initialValues('assign')).toEqual({});
    expect(initialValues('request_extension')).toEqual({ workingDays: 5 });
  });

  it('picks the step that moves the case on as the primary action', () => {
    expect(primaryAction(['transfer', 'assign', 'decline'])).toBe('assign');
    expect(primaryAction(['reject', 'accept'])).toBe('accept');
    expect(primaryAction(['handle', 'conclude', 'pause_clock'])).toBe('conclude');
    expect(primaryAction(['transfer'])).toBeNull();
  });
});
