// 我的待办: what waits for the signed-in user, grouped by what to do next. Each group is a filter
// of GET /api/cases; which groups a user gets follows the role's part in the loop (domain.md).
import type { CaseState, Role } from '../../../../src/core/workflow/case-model';
import type { CaseFilters } from './case-filters';

export type InboxGroupKey =
  | 'toDispatch'
  | 'toRule'
  | 'registered'
  | 'toAccept'
  | 'handling'
  | 'reportIn'
  | 'rejected'
  | 'toFollowUp'
  | 'toArchive'
  | 'extension'
  | 'overdue'
  | 'dueSoon'
  | 'reported';

export interface InboxGroup {
  key: InboxGroupKey;
  filters: CaseFilters;
}

const OPEN: CaseState[] = ['registered', 'assigned', 'in_progress'];

/** The groups of a user's inbox, most urgent work first; empty for roles without cases. */
export function inboxGroups(user: { role: Role; unitId: string | null }): InboxGroup[] {
  const unit = user.unitId ?? undefined;
  const mine = (filters: CaseFilters): CaseFilters => (unit ? { ...filters, unit } : filters);
  // a unit's own work needs its unit; without one these groups are left out
  const unitGroups = (groups: InboxGroup[]) => (unit ? groups : []);
  const handling: InboxGroup = {
    key: 'handling',
    filters: mine({ state: ['in_progress'], relation: ['lead', 'co_handler'] }),
  };
  const registered: InboxGroup = {
    key: 'registered',
    filters: mine({ state: ['registered'], relation: ['owner'] }),
  };
  const closing: InboxGroup[] = [
    { key: 'toFollowUp', filters: { state: ['concluded'] } },
    { key: 'toArchive', filters: { state: ['followed_up'] } },
  ];
  switch (user.role) {
    case 'dispatcher':
      return [
        { key: 'toDispatch', filters: { state: ['registered'] } },
        { key: 'toRule', filters: { awaitingRuling: true } },
        ...unitGroups([handling]),
        ...closing,
      ];
    case 'clerk':
      return [...unitGroups([registered, handling]), ...closing];
    case 'department_staff':
    case 'mediator':
    case 'grid_worker':
      return unitGroups([
        ...(user.role === 'grid_worker' ? [registered] : []),
        {
          key: 'toAccept',
          filters: mine({ state: ['assigned'], relation: ['lead'], awaitingRuling: false }),
        },
        handling,
        { key: 'reportIn', filters: mine({ state: OPEN, relation: ['summoned'] }) },
        { key: 'rejected', filters: mine({ relation: ['lead'], awaitingRuling: true }) },
      ]);
    case 'security_member':
      return unitGroups([{ key: 'reported', filters: mine({ state: OPEN, relation: ['owner'] }) }]);
    case 'leader':
    case 'supervisor':
      return [
        { key: 'extension', filters: { extensionPending: true } },
        { key: 'overdue', filters: { overdue: true } },
        { key: 'dueSoon', filters: { light: 'yellow' } },
      ];
    default:
      return [];
  }
}

/** The two lists of the due page (临期与超期). */
export const DUE_GROUPS: InboxGroup[] = [
  { key: 'overdue', filters: { overdue: true } },
  { key: 'dueSoon', filters: { light: 'yellow' } },
];

/** A badge's text for a group's count: the page size caps it (99+). */
export function countLabel(count: number, more: boolean): string {
  return more || count > 99 ? '99+' : String(count);
}
