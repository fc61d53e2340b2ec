// The grid API as the worker's H5 reads it (.tmp/GRID-API.md section A; the server's schemas in
// src/server/modules/grid are the source). Writes go through the outbox, not from here.
import { api, qs } from '../api/client';
import type { Page } from '../api/types';

export { REPORT_TYPES, WORK_KINDS } from '../../../src/core/grid/grid-rules';
import type { ReportType, WorkKind } from '../../../src/core/grid/grid-rules';
export type { ReportType, WorkKind };

export interface Position {
  lat: number;
  lng: number;
  accuracy?: number;
}

export interface Finding {
  text: string;
  action: string;
}

export interface PatrolLog {
  route: string;
  places?: string[];
  findings?: Finding[];
}

export interface TodayTask {
  key: string;
  planId: string;
  kind: WorkKind;
  title: string;
  every: 'day' | 'week' | 'month';
  regionCode: string;
  period: { from: string; to: string };
  required: number;
  done: number;
}

export interface WorkItem {
  id: string;
  kind: WorkKind;
  occurredAt: string;
  regionCode: string;
  regionName: string | null;
  workerId: string;
  workerName: string | null;
  place: string | null;
  note: string;
  photoIds: string[];
  patrol: PatrolLog | null;
  position: Position | null;
}

export interface GridReport {
  id: string;
  type: ReportType;
  status: 'reported' | 'assigned' | 'concluded';
  description: string;
  regionCode: string;
  regionName: string | null;
  reportedAt: string;
  reporterName: string | null;
  unitId: string | null;
  unitName: string | null;
  deadline: string | null;
  light: 'green' | 'yellow' | 'red' | null;
  concludedAt: string | null;
  result: string | null;
  caseId: string | null;
  caseNo: string | null;
  caseState: string | null;
}

/** The answer to POST /api/grid/reports. */
export interface ReportCreated {
  id: string;
  type: ReportType;
  status: string;
  deadline: string | null;
  caseId?: string | null;
  caseNo?: string | null;
}

export const todayTasks = () => api<TodayTask[]>('/api/grid/tasks/today');
export const myWorkItems = (cursor?: string | null) =>
  api<Page<WorkItem>>(`/api/grid/work-items${qs({ cursor, limit: 20 })}`);
export const myReports = (cursor?: string | null) =>
  api<Page<GridReport>>(`/api/grid/reports${qs({ mine: true, cursor, limit: 20 })}`);
export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
}
export const getCategories = () => api<Category[]>('/api/categories');
export const photoUrl = (id: string) => `/api/grid/uploads/${id}`;
