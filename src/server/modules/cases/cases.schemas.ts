import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  CASE_STATES,
  CHANNELS,
  GUIDANCE_CHANNELS,
  OUTCOMES,
  RISK_LEVELS,
  SATISFACTIONS,
} from '../../../core/workflow/case-model.js';
import { ACTIONS } from '../../../core/workflow/policy.js';
import { Nullable, StringEnum, Uuid } from '../../http/schemas.js';

const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const PartyIn = Type.Object(
  {
    role: StringEnum(['applicant', 'respondent', 'third_party'] as const),
    kind: Type.Optional(StringEnum(['person', 'organization'] as const)),
    name: Text(100, 1),
    phone: Type.Optional(Text(30)),
    idNumber: Type.Optional(Text(18)),
    address: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

export const RegisterBody = Type.Object(
  {
    categoryCode: Text(40, 1),
    channel: StringEnum(CHANNELS),
    // any region code shape, so a place above township gets its own message rather than "bad format"
    regionCode: Type.String({ pattern: '^[0-9]{2,15}$' }),
    title: Type.Optional(Text(100)),
    description: Text(4000, 1),
    address: Type.Optional(Text(200)),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    riskLevel: Type.Optional(StringEnum(RISK_LEVELS)),
    parties: Type.Array(PartyIn, { minItems: 1, maxItems: 20 }),
    privacyNoticeVersion: Type.Optional(Text(20)),
  },
  { additionalProperties: false },
);
export type RegisterBodyT = Static<typeof RegisterBody>;

const TRANSITION_ACTIONS = ACTIONS.filter((a) => a !== 'register');

/** One flat body for every action; which fields each action needs is checked in the handler. */
export const TransitionBody = Type.Object(
  {
    action: StringEnum(TRANSITION_ACTIONS),
    version: Type.Integer({ minimum: 1 }),
    unitId: Type.Optional(Uuid),
    note: Type.Optional(Text(2000)),
    reason: Type.Optional(Text(2000, 1)),
    evidence: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
    decision: Type.Optional(StringEnum(['uphold', 'overrule'] as const)),
    departmentUnitIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 20 })),
    method: Type.Optional(Text(50)),
    workingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    approved: Type.Optional(Type.Boolean()),
    outcome: Type.Optional(StringEnum(OUTCOMES)),
    summary: Type.Optional(Text(4000, 1)),
    guidance: Type.Optional(StringEnum(GUIDANCE_CHANNELS)),
    satisfaction: Type.Optional(StringEnum(SATISFACTIONS)),
    legalGround: Type.Optional(Text(500, 1)),
  },
  { additionalProperties: false },
);
export type TransitionBodyT = Static<typeof TransitionBody>;

/** Fields each action requires beyond `action` and `version`. */
export const REQUIRED_FIELDS: Record<TransitionBodyT['action'], (keyof TransitionBodyT)[]> = {
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

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Array(StringEnum(CASE_STATES), { maxItems: 8 })),
    category: Type.Optional(Text(40, 1)),
    channel: Type.Optional(StringEnum(CHANNELS)),
    region: Type.Optional(Type.String({ pattern: '^[0-9]{2,15}$' })),
    unit: Type.Optional(Uuid),
    risk: Type.Optional(StringEnum(RISK_LEVELS)),
    q: Type.Optional(Text(100, 1)),
    overdue: Type.Optional(Type.Boolean()),
    // the inbox's groups: the light of the running clock, the waits, how `unit` relates to the case
    light: Type.Optional(StringEnum(['green', 'yellow', 'red'] as const)),
    awaitingRuling: Type.Optional(Type.Boolean()),
    extensionPending: Type.Optional(Type.Boolean()),
    relation: Type.Optional(
      Type.Array(StringEnum(['lead', 'co_handler', 'summoned', 'owner'] as const), { maxItems: 4 }),
    ),
    // the cases behind a dashboard figure (CST days, both ends included): registered in a period,
    // currently concluded in a period (and resolved, on time, followed up, satisfied), or with a
    // reopen, withdrawal or decline in a period
    receivedFrom: Type.Optional(Day),
    receivedTo: Type.Optional(Day),
    concludedFrom: Type.Optional(Day),
    concludedTo: Type.Optional(Day),
    resolved: Type.Optional(Type.Boolean()),
    onTime: Type.Optional(Type.Boolean()),
    followedUp: Type.Optional(Type.Boolean()),
    satisfied: Type.Optional(Type.Boolean()),
    event: Type.Optional(StringEnum(['reopen', 'withdraw', 'decline'] as const)),
    eventFrom: Type.Optional(Day),
    eventTo: Type.Optional(Day),
    /** also answer how many cases match in all (`total`) */
    count: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type ListQueryT = Static<typeof ListQuery>;

/** The export takes the list's filters; it pages by itself. */
export const ExportQuery = Type.Omit(ListQuery, ['cursor', 'limit', 'count'], {
  additionalProperties: false,
});
export type ExportQueryT = Static<typeof ExportQuery>;

export const CaseListItem = Type.Object({
  id: Type.String(),
  caseNo: Type.String(),
  title: Type.String(),
  state: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  channel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  riskLevel: Type.String(),
  handlingLevel: Type.String(),
  leadUnitId: Nullable(Type.String()),
  leadUnitName: Nullable(Type.String()),
  awaitingRuling: Type.Boolean(),
  deadlineStage: Nullable(Type.String()),
  deadlineAt: Nullable(Type.String()),
  light: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
});

export const UnmaskBody = Type.Object(
  { field: StringEnum(['phone', 'id_number', 'address'] as const), reason: Text(500, 2) },
  { additionalProperties: false },
);
