// Shapes the work area reads: the case detail (GET /api/cases/:id, read-case.ts getCaseDetail)
// and the reference data of the pickers.
import type { CaseAction } from '../../../../src/core/workflow/available-actions';
import type {
  CaseState,
  Channel,
  HandlingLevel,
  Relation,
  RiskLevel,
} from '../../../../src/core/workflow/case-model';

export interface TimelineEvent {
  seq: number;
  at: string;
  action: string;
  fromState: CaseState | null;
  toState: CaseState;
  actorRole: string | null;
  actorName: string | null;
  actorUnitName: string | null;
  payload: Record<string, unknown>;
}

export interface CaseUnit {
  unitId: string;
  name: string;
  kind: string;
  relation: 'lead' | 'co_handler' | 'summoned';
  since: string;
}

export interface Party {
  id: string;
  role: 'applicant' | 'respondent' | 'third_party';
  kind: 'person' | 'organization' | null;
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

export interface CaseDetail {
  id: string;
  caseNo: string;
  title: string;
  description: string;
  state: CaseState;
  categoryCode: string;
  channel: Channel;
  regionCode: string;
  regionName: string | null;
  address: string | null;
  riskLevel: RiskLevel;
  handlingLevel: HandlingLevel;
  centerUnitId: string;
  centerName: string | null;
  ownerUnitId: string;
  ownerUnitName: string | null;
  ownerReleased: boolean;
  leadUnitId: string | null;
  awaitingRuling: boolean;
  clockPaused: boolean;
  extensionPending: boolean;
  pendingReportIns: number;
  outcome: string | null;
  satisfaction: string | null;
  reopenCount: number;
  deadlineStage: string | null;
  deadlineAt: string | null;
  light: 'green' | 'yellow' | 'red' | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  relations: Relation[];
  allowedActions: CaseAction[];
  unitNames: Record<string, string>;
  units: CaseUnit[];
  parties: Party[];
  attachments: Attachment[];
  timeline: TimelineEvent[];
}

/** The answer to a transition after which the actor no longer sees the case (e.g. transferred away). */
export interface GoneAfterTransition {
  id: string;
  caseNo: string;
  version: number;
  state: string;
  visible: false;
}

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface RegionWithPath extends Region {
  fullName: string;
  path: Region[];
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: 'center' | 'department' | 'mediation_org' | 'village_committee';
  regionCode: string;
}

export interface RoutingSuggestion {
  suggestion: { unitId: string; unitName: string; unitKind: string } | null;
}
