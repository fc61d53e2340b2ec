// Shapes the oversight area reads (the server's TypeBox schemas are the source): whistle.routes.ts,
// supervision.routes.ts, accountability.routes.ts.
import type { HandlingLevel } from '../../../../src/core/workflow/case-model';

export type TaskStatus = 'open' | 'done' | 'missed' | 'cancelled';

/** A report-in task (报到): one summoned department of one whistle. */
export interface ReportInTask {
  id: string;
  caseId: string;
  unitId: string;
  unitName: string;
  escalationSeq: number;
  escalatedByUnitId: string | null;
  fromLevel: HandlingLevel;
  toLevel: HandlingLevel;
  summonedAt: string;
  dueAt: string;
  status: TaskStatus;
  overdue: boolean;
  reportedAt: string | null;
  onTime: boolean | null;
  missedAt: string | null;
  cancelledAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: string | null;
}

/** GET /api/cases/:id/report-ins */
export interface CaseReportIns {
  caseId: string;
  whistleClosed: boolean;
  items: (ReportInTask & { rateable: boolean })[];
}

/** GET /api/report-ins: the caller's unit's tasks with their case. */
export interface UnitReportInTask extends ReportInTask {
  caseNo: string;
  title: string;
  caseState: string;
}

export type OrderStatus = 'open' | 'answered' | 'escalated';

/** A supervision order (督办单). */
export interface SupervisionOrder {
  id: string;
  caseId: string;
  caseNo: string;
  caseTitle: string;
  kind: 'manual' | 'automatic';
  status: OrderStatus;
  instructions: string;
  dueAt: string;
  overdue: boolean;
  issuedAt: string;
  issuedById: string | null;
  issuedByName: string | null;
  issuerRole: string;
  levelCode: string;
  levelName: string;
  issuedLevelCode: string;
  escalations: number;
  escalatedAt: string | null;
  addressedUnitId: string;
  addressedUnitName: string;
  answer: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
}

/** A leader's instruction (批示). */
export interface Instruction {
  id: string;
  seq: number;
  text: string;
  authorId: string;
  authorName: string;
  authorUnitName: string | null;
  createdAt: string;
}

/** An accountability record (问责记录). */
export interface AccountabilityRecord {
  id: string;
  unitId: string;
  unitName: string;
  kind: string;
  caseId: string | null;
  caseNo: string | null;
  sourceType: string | null;
  sourceId: string | null;
  /** stored in Chinese by the writer: shown only as the zh fallback for kinds the console does not know */
  reason: string;
  dueAt: string | null;
  occurredAt: string;
  recordedByRole: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

/** A department's scorecard over a period. Rates are fractions (0.875), null without a denominator. */
export interface Scorecard {
  unitId: string;
  unitName: string;
  kind: string;
  regionCode: string;
  departmentType: string | null;
  casesLed: number;
  assignmentsReceived: number;
  concluded: number;
  concludedOnTime: number;
  onTimeRate: number | null;
  rejections: number;
  bounceBackRate: number | null;
  overruled: number;
  overruledRate: number | null;
  reportIns: {
    summoned: number;
    onTime: number;
    late: number;
    missed: number;
    open: number;
    cancelled: number;
    timelinessRate: number | null;
  };
  ratings: { count: number; average: number | null };
}

export interface Scorecards {
  region: string | null;
  from: string;
  to: string;
  items: Scorecard[];
}
