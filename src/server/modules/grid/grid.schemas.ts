import { Type, type Static } from '@sinclair/typebox';
import { PLAN_PERIODS, REPORT_STATUSES, REPORT_TYPES, WORK_KINDS } from '../../../core/grid/grid-rules.js';
import { RISK_LEVELS } from '../../../core/workflow/case-model.js';
import { Nullable, StringEnum, Uuid } from '../../http/schemas.js';

const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const RegionCode = Type.String({ pattern: '^[0-9]{2,15}$' });
const Instant = Type.String({ format: 'date-time' });
/** A CST day (YYYY-MM-DD) or an instant with its offset. */
const DayOrInstant = Type.String({
  pattern:
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2}))?$',
});
const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const Cursor = Type.String({ maxLength: 200 });

export const Position = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const Patrol = Type.Object(
  {
    route: Text(500, 1),
    places: Type.Optional(Type.Array(Text(200, 1), { maxItems: 50 })),
    findings: Type.Optional(
      Type.Array(Type.Object({ text: Text(1000, 1), action: Text(1000) }, { additionalProperties: false }), {
        maxItems: 50,
      }),
    ),
  },
  { additionalProperties: false },
);

const PhotoIds = Type.Array(Uuid, { maxItems: 9, uniqueItems: true });

export const WorkItemBody = Type.Object(
  {
    clientKey: Uuid,
    kind: StringEnum(WORK_KINDS),
    occurredAt: Instant,
    regionCode: Type.Optional(RegionCode),
    position: Type.Optional(Position),
    place: Type.Optional(Text(200)),
    note: Text(4000, 1),
    photoIds: Type.Optional(PhotoIds),
    taskId: Type.Optional(Uuid),
    patrol: Type.Optional(Patrol),
  },
  { additionalProperties: false },
);
export type WorkItemBodyT = Static<typeof WorkItemBody>;

export const WorkItem = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  occurredAt: Type.String(),
  recordedAt: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  workerId: Type.String(),
  workerName: Type.String(),
  place: Nullable(Type.String()),
  note: Type.String(),
  photoIds: Type.Array(Type.String()),
  patrol: Nullable(Type.Unknown()),
  position: Nullable(
    Type.Object({ lat: Type.Number(), lng: Type.Number(), accuracy: Nullable(Type.Number()) }),
  ),
  planId: Nullable(Type.String()),
});

export const WorkItemQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    worker: Type.Optional(Uuid),
    kind: Type.Optional(StringEnum(WORK_KINDS)),
    from: Type.Optional(DayOrInstant),
    to: Type.Optional(DayOrInstant),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type WorkItemQueryT = Static<typeof WorkItemQuery>;

export const PartyIn = Type.Object(
  {
    name: Text(100, 1),
    phone: Type.Optional(Text(30)),
    idNumber: Type.Optional(Text(18)),
    role: StringEnum(['applicant', 'respondent'] as const),
  },
  { additionalProperties: false },
);

export const ReportBody = Type.Object(
  {
    clientKey: Uuid,
    type: StringEnum(REPORT_TYPES),
    regionCode: Type.Optional(RegionCode),
    position: Type.Optional(Position),
    place: Type.Optional(Text(200)),
    description: Text(4000, 1),
    photoIds: Type.Optional(PhotoIds),
    riskLevel: Type.Optional(StringEnum(RISK_LEVELS)),
    /** a dispute's category (default 'other'); disputes only */
    categoryCode: Type.Optional(Text(40, 1)),
    parties: Type.Optional(Type.Array(PartyIn, { minItems: 1, maxItems: 20 })),
    resolvedOnSite: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReportBodyT = Static<typeof ReportBody>;

export const ReportListItem = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    status: Type.String(),
    description: Type.String(),
    regionCode: Type.String(),
    regionName: Type.String(),
    reportedAt: Type.String(),
    reporterName: Type.String(),
    unitId: Nullable(Type.String()),
    unitName: Nullable(Type.String()),
    deadline: Nullable(Type.String()),
    light: Nullable(Type.String()),
    concludedAt: Nullable(Type.String()),
    result: Nullable(Type.String()),
    caseId: Nullable(Type.String()),
    caseNo: Nullable(Type.String()),
    caseState: Nullable(Type.String()),
    place: Nullable(Type.String()),
    riskLevel: Nullable(Type.String()),
    resolvedOnSite: Type.Boolean(),
  },
  { additionalProperties: true },
);

export const ReportDetail = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    status: Type.String(),
    deadline: Nullable(Type.String()),
    caseId: Nullable(Type.String()),
    caseNo: Nullable(Type.String()),
  },
  { additionalProperties: true },
);

export const ReportQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    region: Type.Optional(RegionCode),
    type: Type.Optional(StringEnum(REPORT_TYPES)),
    status: Type.Optional(StringEnum(REPORT_STATUSES)),
    overdue: Type.Optional(Type.Boolean()),
    from: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'first CST day of the period' }),
    ),
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'last CST day, included' }),
    ),
    // the reports behind a dashboard figure: other than disputes (cases count those), reported
    // (received) or concluded in the period; without it the period is of the reported day
    figure: Type.Optional(StringEnum(['received', 'concluded'] as const)),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type ReportQueryT = Static<typeof ReportQuery>;

export const AssignBody = Type.Object(
  { unitId: Uuid, note: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export const ConcludeBody = Type.Object({ result: Text(2000, 1) }, { additionalProperties: false });

export const PlanBody = Type.Object(
  {
    regionCode: RegionCode,
    kind: StringEnum(WORK_KINDS),
    title: Text(100, 1),
    every: StringEnum(PLAN_PERIODS),
    count: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export type PlanBodyT = Static<typeof PlanBody>;

export const Plan = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  every: Type.String(),
  count: Type.Integer(),
  createdAt: Type.String(),
  createdByName: Type.String(),
});

export const Task = Type.Object({
  key: Type.String(),
  planId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  every: Type.String(),
  regionCode: Type.String(),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  required: Type.Integer(),
  done: Type.Integer(),
});

export const PeriodQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    from: Type.Optional(DayOrInstant),
    to: Type.Optional(DayOrInstant),
  },
  { additionalProperties: false },
);
export type PeriodQueryT = Static<typeof PeriodQuery>;
