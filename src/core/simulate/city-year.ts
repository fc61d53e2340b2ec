// The figures of one city's year (domain.md, "Scale of one city": Dezhou) and the shares the
// simulation draws from. Counts scale linearly with --scale; shares do not.
import type { Channel, Outcome, Satisfaction, StaffRole } from '../workflow/case-model.js';
import type { ReportType, WorkKind } from '../grid/grid-rules.js';

/** A year of Dezhou at scale 1.0. */
export const CITY_YEAR = {
  accounts: 19_300,
  gridReports: 2_490_000,
  /** disputes screened (~9,057 a quarter); grid and patrol ones also count among the grid reports */
  disputes: 36_000,
  workItems: 6_500_000,
  /** 7.5 M information records: people, houses, organizations */
  residents: 5_400_000,
  houses: 1_850_000,
  organizations: 250_000,
} as const;

export type CityFigure = keyof typeof CITY_YEAR;

/** A figure at a scale (at least 1 for any positive scale, so a tiny run still has every kind). */
export function scaled(figure: CityFigure, scale: number): number {
  if (!(scale > 0)) throw new RangeError(`scale must be positive: ${scale}`);
  return Math.max(1, Math.round(CITY_YEAR[figure] * scale));
}

/**
 * Accounts by role at scale 1.0 (19,300): 14,000 grid workers (every grid covered), security
 * members, the mediators of 四调联动, the departments' staff, and each center's clerks,
 * dispatchers, leaders and supervisors.
 */
export const ACCOUNT_SHARES: readonly (readonly [StaffRole, number])[] = [
  ['grid_worker', 14_000],
  ['security_member', 2_400],
  ['mediator', 1_300],
  ['department_staff', 700],
  ['clerk', 400],
  ['dispatcher', 250],
  ['leader', 150],
  ['supervisor', 100],
];

/** Minimum accounts per role, so the smallest run still has one team that can work a case. */
const ROLE_MINIMUM: Partial<Record<StaffRole, number>> = { department_staff: 2 };

/** The number of accounts of each role for a total: shares rounded, minimums kept, grid workers absorb the rest. */
export function accountsByRole(total: number): Map<StaffRole, number> {
  const whole = ACCOUNT_SHARES.reduce((s, [, n]) => s + n, 0);
  const out = new Map<StaffRole, number>();
  let others = 0;
  for (const [role, n] of ACCOUNT_SHARES) {
    if (role === 'grid_worker') continue;
    const count = Math.max(ROLE_MINIMUM[role] ?? 1, Math.round((n / whole) * total));
    out.set(role, count);
    others += count;
  }
  out.set('grid_worker', Math.max(1, total - others));
  return out;
}

/** How disputes reach a center (grid and patrol ones are grid reports of type dispute too). */
export const CHANNEL_SHARES: readonly (readonly [Channel, number])[] = [
  ['grid', 38],
  ['patrol', 6],
  ['window', 24],
  ['qr', 12],
  ['hotline', 12],
  ['petition', 3],
  ['api', 5],
];

export const CATEGORY_SHARES: readonly (readonly [string, number])[] = [
  ['neighbor', 24],
  ['marriage_family', 14],
  ['land', 12],
  ['labor', 9],
  ['debt_contract', 8],
  ['property', 7],
  ['damages', 6],
  ['traffic', 6],
  ['consumer', 4],
  ['other', 4],
  ['medical', 2],
  ['expropriation', 2],
  ['environment', 2],
];

/**
 * How a dispute's loop goes (shares of all disputes). 96 % end resolved (化解率); the rest fail
 * mediation, are withdrawn or declined, or are still open at the year's end.
 */
export const CASE_BRANCHES = {
  declined: 0.005,
  withdrawn: 0.008,
  /** assigned work refused (退回) and ruled on by the dispatcher */
  rejected: 0.02,
  /** moved to the county's joint mediation committee */
  transferred: 0.015,
  /** the police join as co-handlers */
  coHandled: 0.04,
  /** village-level disputes whistled up to the township (吹哨报到), of village-level ones */
  escalatedOfVillage: 0.08,
  /** summoned departments that never report in */
  missedReportIn: 0.1,
  /** concluded after the handling deadline */
  late: 0.03,
  /** the resident is unsatisfied at follow-up */
  unsatisfied: 0.03,
  /** an unsatisfied follow-up leads to a reopen (重办) */
  reopenOfUnsatisfied: 0.6,
} as const;

export const OUTCOME_SHARES: readonly (readonly [Outcome, number])[] = [
  ['mediated_agreement', 74],
  ['other_resolution', 25.4],
  ['mediation_failed', 0.6],
];

/** Satisfaction of those not unsatisfied. */
export const SATISFIED_SHARES: readonly (readonly [Satisfaction, number])[] = [
  ['satisfied', 90],
  ['basically_satisfied', 10],
];

/** Grid reports other than disputes. */
export const REPORT_TYPE_SHARES: readonly (readonly [Exclude<ReportType, 'dispute'>, number])[] = [
  ['public_security', 18],
  ['fire', 20],
  ['traffic', 12],
  ['workplace_safety', 15],
  ['environment', 20],
  ['other', 15],
];

export const GRID_BRANCHES = {
  /** settled by the worker at once (就地解决) */
  onSite: 0.55,
  /** concluded after their time limit */
  late: 0.025,
  /** left open though long due (the 0.17 % not concluded, with those of the last days) */
  stale: 0.0013,
  /** reported by a security member rather than a grid worker */
  bySecurityMember: 0.15,
} as const;

export const WORK_KIND_SHARES: readonly (readonly [WorkKind, number])[] = [
  ['visit', 50],
  ['collection', 20],
  ['outreach', 15],
  ['patrol', 15],
];
