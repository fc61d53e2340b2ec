/**
 * Mediation statistics per organization and mediator (调解统计): of the mediations assigned in a
 * period, how many cases, how many concluded, the success rate (调解成功率: concluded with an
 * agreement ÷ concluded) and the average duration from the team's forming to the conclusion. Pure.
 */

/** Counts of one organization or mediator over a period (what the SQL sums). */
export interface MediationCounts {
  /** mediations assigned in the period */
  cases: number;
  /** of those, cases concluded (with any outcome) */
  concluded: number;
  /** concluded with a mediated agreement (调解成功) */
  agreements: number;
  /** concluded as mediation failed (调解不成, guided to arbitration or court) */
  failed: number;
  /** sum over the concluded of (concluded at − team formed at), in seconds */
  durationSeconds: number;
}

export interface MediationFigures extends MediationCounts {
  /** agreements ÷ concluded, 0–1; null when nothing concluded */
  successRate: number | null;
  /** average days from forming the team to concluding; null when nothing concluded */
  averageDays: number | null;
  /** cases not yet concluded */
  open: number;
}

const DAY_SECONDS = 86_400;

/** The figures of some counts; rates are rounded to 4 decimals, days to 1. */
export function mediationFigures(c: MediationCounts): MediationFigures {
  if (c.concluded > c.cases || c.agreements + c.failed > c.concluded || c.durationSeconds < 0) {
    throw new RangeError(`inconsistent mediation counts: ${JSON.stringify(c)}`);
  }
  return {
    ...c,
    open: c.cases - c.concluded,
    successRate: c.concluded === 0 ? null : Math.round((c.agreements / c.concluded) * 10_000) / 10_000,
    averageDays:
      c.concluded === 0 ? null : Math.round((c.durationSeconds / c.concluded / DAY_SECONDS) * 10) / 10,
  };
}

/** Adds counts (an organization's total from its mediators', a county's from its organizations'). */
export function addCounts(a: MediationCounts, b: MediationCounts): MediationCounts {
  return {
    cases: a.cases + b.cases,
    concluded: a.concluded + b.concluded,
    agreements: a.agreements + b.agreements,
    failed: a.failed + b.failed,
    durationSeconds: a.durationSeconds + b.durationSeconds,
  };
}

export const NO_COUNTS: MediationCounts = {
  cases: 0,
  concluded: 0,
  agreements: 0,
  failed: 0,
  durationSeconds: 0,
};
