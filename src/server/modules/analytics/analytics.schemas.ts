import { Type, type Static } from '@sinclair/typebox';
import { GRANULARITIES } from '../../../core/analytics/periods.js';
import { Nullable, StringEnum } from '../../http/schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a CST day, YYYY-MM-DD' });
const RegionCode = Type.String({ pattern: '^[0-9]{2,15}$' });

export const FigureQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export type FigureQueryT = Static<typeof FigureQuery>;

export const TrendQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    granularity: Type.Optional(StringEnum(GRANULARITIES)),
  },
  { additionalProperties: false },
);
export type TrendQueryT = Static<typeof TrendQuery>;

export const ScreenQuery = Type.Object(
  { region: Type.Optional(RegionCode) },
  { additionalProperties: false },
);

const Int = Type.Integer();
const Rate = Nullable(
  Type.Number({ description: 'a fraction (0.96 = 96 %); null when nothing to divide by' }),
);

export const CaseFigures = Type.Object({
  received: Type.Integer({ description: '排查 screened: registered in the period' }),
  resolved: Type.Integer({ description: '化解: concluded with an agreement or another resolution' }),
  concluded: Int,
  concludedOnTime: Int,
  followedUp: Int,
  satisfied: Type.Integer({ description: 'satisfied or basically satisfied' }),
  reopened: Int,
  withdrawn: Int,
  declined: Int,
  resolutionRate: Rate,
  conclusionRate: Rate,
  onTimeRate: Rate,
  satisfactionRate: Rate,
});
const Now = Type.Object({ open: Int, overdue: Int });
const GridFigures = Type.Object({
  received: Int,
  concluded: Int,
  concludedOnTime: Int,
  conclusionRate: Rate,
  onTimeRate: Rate,
  open: Int,
  overdue: Int,
});
const Warnings = Nullable(Type.Object({ total: Int, byKind: Type.Record(Type.String(), Type.Integer()) }));
const Period = Type.Object({ from: Type.String(), to: Type.String() });
const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  path: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), inScope: Type.Boolean() }),
  ),
});
const OverviewFigures = {
  cases: CaseFigures,
  now: Type.Object({ open: Int, overdue: Int, at: Type.String() }),
  grid: GridFigures,
  warnings: Warnings,
};

/** The quality call-backs (抽查回访) of cases concluded in the period, shown beside 办结率. */
const Quality = Type.Object({
  sampled: Int,
  reached: Type.Integer({ description: 'call-backs that reached the resident' }),
  /** (satisfied + basically satisfied) ÷ reached */
  satisfactionRate: Rate,
  /** call-backs that found the problem unsolved ÷ reached */
  reopenRate: Rate,
});

export const Overview = Type.Object({ region: Region, period: Period, ...OverviewFigures, quality: Quality });

const TrendPoint = Type.Object({
  from: Type.String(),
  to: Type.String(),
  cases: CaseFigures,
  grid: Type.Omit(GridFigures, ['open', 'overdue']),
});
export const Trend = Type.Object({
  region: Region,
  period: Period,
  granularity: Type.String(),
  points: Type.Array(TrendPoint),
});

export const Mix = Type.Object({
  region: Region,
  period: Period,
  categories: Type.Array(
    Type.Object({
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      cases: CaseFigures,
      now: Now,
    }),
  ),
  channels: Type.Array(Type.Object({ code: Type.String(), cases: CaseFigures, now: Now })),
});

const ChildRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  own: Type.Boolean({ description: 'cases registered at the region itself rather than under a child' }),
  cases: CaseFigures,
  now: Now,
  grid: GridFigures,
});
export const Regions = Type.Object({ region: Region, period: Period, items: Type.Array(ChildRow) });

export const Units = Type.Object({
  region: Region,
  period: Period,
  items: Type.Array(
    Type.Object({
      unitId: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      regionCode: Type.String(),
      cases: CaseFigures,
      now: Now,
    }),
  ),
});

const FeedItem = Type.Object({
  id: Type.String(),
  caseNo: Type.String(),
  title: Type.String(),
  state: Type.String(),
  riskLevel: Type.String(),
  categoryCode: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  createdAt: Type.String(),
  deadlineAt: Nullable(Type.String()),
});
export const Screen = Type.Object({
  region: Region,
  generatedAt: Type.String(),
  /** how long these figures may be shared before they are computed anew (YIMEN_DASHBOARD_MAX_AGE_MS) */
  maxAgeMs: Type.Integer({ minimum: 0 }),
  today: Type.Object({ period: Period, ...OverviewFigures }),
  month: Type.Object({ period: Period, ...OverviewFigures }),
  trend: Type.Array(TrendPoint),
  children: Type.Array(ChildRow),
  recent: Type.Array(FeedItem),
  highRisk: Type.Array(FeedItem),
});
