// Shapes of the API's answers the console reads (the server's TypeBox schemas are the source).
import type { CaseState, Role } from '../../../src/core/workflow/case-model';

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  scopeCode: string;
  scopeName: string | null;
  mustChangePassword: boolean;
  /** signs in with a TOTP code */
  totpEnabled?: boolean;
  /** the role requires a second factor and none is set up yet */
  mustEnrolTotp?: boolean;
}

export interface Me {
  kind: 'staff' | 'resident';
  user: StaffUser | null;
  csrfToken: string;
}

export interface CaseListItem {
  id: string;
  caseNo: string;
  title: string;
  state: CaseState;
  categoryCode: string;
  categoryName: string;
  channel: string;
  regionCode: string;
  regionName: string;
  riskLevel: string;
  handlingLevel: string;
  leadUnitId: string | null;
  leadUnitName: string | null;
  awaitingRuling: boolean;
  deadlineStage: string | null;
  deadlineAt: string | null;
  light: 'green' | 'yellow' | 'red' | null;
  version: number;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** GET /api/cases with count=true: how many match in all */
  total?: number;
}
