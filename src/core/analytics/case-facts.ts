// What one case contributes to the dashboard figures (domain.md, "Analysis and early warning"),
// as a fold over its ledger events. The rollup tables hold the sum of every case's contributions;
// a change to a case moves the rollups by contributions(after) − contributions(before), and a
// rebuild sums contributions(fold(events)) over all cases. Both read the same definitions here.
//
// Count attribution (all days in China Standard Time):
// - received (排查 screened): +1 on the registration day, under the first-contact unit (首问).
// - concluded, concluded on time, resolved: on the day of the case's current conclusion, under the
//   unit that led it then. Resolved = outcome an agreement or another resolution (not mediation
//   failed; declined and withdrawn cases never conclude). On time = within the handling deadline
//   the conclusion was measured against (case_conclusions.on_time).
// - followed up, satisfied: on the day of the conclusion they rate (a cohort of the conclusions),
//   so that 满意率 for a period is the satisfaction with the work concluded in it.
// - reopened (重办): +1 on the reopen day under the unit whose conclusion it undoes; the reopen
//   takes that conclusion back (concluded, on time, resolved, followed up, satisfied all −1 on the
//   conclusion's day), and the next conclusion counts on its own day.
// - withdrawn (撤回), declined (不予受理): +1 on that day, under the lead unit, else the first-contact.
import { shanghaiDate } from '../time/china-time.js';
import type { Outcome, Satisfaction } from '../workflow/case-model.js';

/** The counters of one case rollup row. */
export const CASE_COUNTERS = [
  'received',
  'concluded',
  'concluded_on_time',
  'resolved',
  'followed_up',
  'satisfied',
  'reopened',
  'withdrawn',
  'declined',
] as const;
export type CaseCounter = (typeof CASE_COUNTERS)[number];
export type CaseCounts = Record<CaseCounter, number>;

/** The key of one rollup row: a CST day, the case's place (its stored, leaf-most code), category, channel, unit. */
export interface RollupKey {
  /** YYYY-MM-DD, Asia/Shanghai */
  day: string;
  regionCode: string;
  categoryCode: string;
  channel: string;
  unitId: string;
}

/** Counters to add to one rollup row (negative to take back). */
export interface Contribution {
  key: RollupKey;
  counts: Partial<CaseCounts>;
}

interface Dated {
  day: string;
  unitId: string;
}

/** Where a case stands for the figures. */
export interface CaseFacts {
  regionCode: string;
  categoryCode: string;
  channel: string;
  received: Dated;
  /** the current conclusion (null while open, after a reopen, or when the case left otherwise) */
  conclusion:
    (Dated & { resolved: boolean; onTime: boolean; followedUp: boolean; satisfied: boolean }) | null;
  exit: (Dated & { kind: 'withdrawn' | 'declined' }) | null;
  /** each reopen; never taken back */
  reopens: Dated[];
}

/** One ledger event as the fold needs it, with what the shell knows at that point. */
export interface FactEvent {
  action: string;
  at: Date;
  payload: Record<string, unknown>;
  /** the case's lead unit after the event (the workflow snapshot's) */
  leadUnitId: string | null;
  /** the first-contact unit (首问) */
  ownerUnitId: string;
  /** conclude only: whether it came within the handling deadline */
  onTime?: boolean | null;
}

const RESOLVED_OUTCOMES: readonly Outcome[] = ['mediated_agreement', 'other_resolution'];
const SATISFIED: readonly Satisfaction[] = ['satisfied', 'basically_satisfied'];

/** Whether a conclusion's outcome counts as 化解 (resolved). */
export function isResolved(outcome: Outcome | string | null): boolean {
  return (RESOLVED_OUTCOMES as readonly string[]).includes(outcome ?? '');
}

/** Whether a follow-up's answer counts toward 满意率 (satisfied or basically satisfied). */
export function isSatisfied(s: Satisfaction | string | null): boolean {
  return (SATISFIED as readonly string[]).includes(s ?? '');
}

const text = (p: Record<string, unknown>, k: string): string => {
  const v = p[k];
  if (typeof v !== 'string') throw new Error(`event payload lacks ${k}`);
  return v;
};

/** One fold step: the facts after the event. Actions that move no figure leave the facts as they are. */
export function stepFacts(prev: CaseFacts | null, e: FactEvent): CaseFacts {
  const day = shanghaiDate(e.at);
  if (e.action === 'register') {
    return {
      regionCode: text(e.payload, 'region_code'),
      categoryCode: text(e.payload, 'category_code'),
      channel: text(e.payload, 'channel'),
      received: { day, unitId: e.ownerUnitId },
      conclusion: null,
      exit: null,
      reopens: [],
    };
  }
  if (!prev) throw new Error('the first event of a case must be register');
  const unitId = e.leadUnitId ?? e.ownerUnitId;
  switch (e.action) {
    case 'conclude':
      return {
        ...prev,
        conclusion: {
          day,
          unitId,
          resolved: isResolved(text(e.payload, 'outcome')),
          onTime: e.onTime === true,
          followedUp: false,
          satisfied: false,
        },
      };
    case 'follow_up':
      if (!prev.conclusion) return prev;
      return {
        ...prev,
        conclusion: {
          ...prev.conclusion,
          followedUp: true,
          satisfied: isSatisfied(text(e.payload, 'satisfaction')),
        },
      };
    case 'reopen':
      return {
        ...prev,
        conclusion: null,
        reopens: [...prev.reopens, { day, unitId: prev.conclusion?.unitId ?? unitId }],
      };
    case 'withdraw':
      return { ...prev, exit: { day, unitId, kind: 'withdrawn' } };
    case 'decline':
      return { ...prev, exit: { day, unitId, kind: 'declined' } };
    default:
      return prev;
  }
}

/** Folds a case's events (in seq order) into its facts. */
export function foldFacts(events: readonly FactEvent[]): CaseFacts | null {
  return events.reduce<CaseFacts | null>((f, e) => stepFacts(f, e), null);
}

/** Whether an action can move a figure at all (others need no rollup work). */
export function movesFigures(action: string): boolean {
  return ['register', 'conclude', 'follow_up', 'reopen', 'withdraw', 'decline'].includes(action);
}

/** The counters a case contributes to the rollups as its facts stand. */
export function contributionsOf(f: CaseFacts): Contribution[] {
  const key = (d: Dated): RollupKey => ({
    day: d.day,
    regionCode: f.regionCode,
    categoryCode: f.categoryCode,
    channel: f.channel,
    unitId: d.unitId,
  });
  const out: Contribution[] = [{ key: key(f.received), counts: { received: 1 } }];
  const c = f.conclusion;
  if (c) {
    out.push({
      key: key(c),
      counts: {
        concluded: 1,
        concluded_on_time: c.onTime ? 1 : 0,
        resolved: c.resolved ? 1 : 0,
        followed_up: c.followedUp ? 1 : 0,
        satisfied: c.followedUp && c.satisfied ? 1 : 0,
      },
    });
  }
  if (f.exit) out.push({ key: key(f.exit), counts: { [f.exit.kind]: 1 } });
  for (const r of f.reopens) out.push({ key: key(r), counts: { reopened: 1 } });
  return out;
}

/** A stable text form of a key (map keys, ordering of upserts). */
export function keyString(k: RollupKey): string {
  return [k.regionCode, k.day, k.categoryCode, k.channel, k.unitId].join('|');
}

/**
 * Adds contributions up per key (each multiplied by `sign`) into `into`, dropping counters that
 * come to zero. Returns `into`.
 */
export function accumulate(
  into: Map<string, Contribution>,
  list: readonly Contribution[],
  sign: 1 | -1 = 1,
): Map<string, Contribution> {
  for (const c of list) {
    const k = keyString(c.key);
    const cur = into.get(k) ?? { key: c.key, counts: {} };
    for (const [name, n] of Object.entries(c.counts) as [CaseCounter, number][]) {
      const v = (cur.counts[name] ?? 0) + sign * n;
      if (v === 0) delete cur.counts[name];
      else cur.counts[name] = v;
    }
    into.set(k, cur);
  }
  return into;
}

/**
 * What a change of facts does to the rollups: after − before, one entry per key that moves, in
 * key order (so concurrent writers lock rollup rows in the same order).
 */
export function factsDelta(before: CaseFacts | null, after: CaseFacts): Contribution[] {
  const m = accumulate(new Map(), contributionsOf(after));
  if (before) accumulate(m, contributionsOf(before), -1);
  return [...m.entries()]
    .filter(([, c]) => Object.keys(c.counts).length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

/** A stored case as the incremental path reads it (the locked projection row before a change). */
export interface ProjectedCase {
  regionCode: string;
  categoryCode: string;
  channel: string;
  createdAt: Date;
  ownerUnitId: string;
  leadUnitId: string | null;
  state: string;
  concludedAt: Date | null;
  outcome: string | null;
  satisfaction: string | null;
  /** on_time of the case's latest conclusion record (only read when a reopen takes it back) */
  onTime: boolean | null;
  /** when a withdrawn or declined case left the loop */
  exitAt: Date | null;
}

/**
 * The facts of a stored case, as folding its ledger would give them, except the past reopens:
 * those never move again, and a step's delta only sees what the step changes. No unit changes
 * after a conclusion (transfers need an open case), so the lead now is the concluding unit.
 */
export function factsOfProjection(p: ProjectedCase): CaseFacts {
  const unitId = p.leadUnitId ?? p.ownerUnitId;
  const concluded = p.concludedAt !== null && ['concluded', 'followed_up', 'archived'].includes(p.state);
  const exited = (p.state === 'withdrawn' || p.state === 'declined') && p.exitAt !== null;
  return {
    regionCode: p.regionCode,
    categoryCode: p.categoryCode,
    channel: p.channel,
    received: { day: shanghaiDate(p.createdAt), unitId: p.ownerUnitId },
    conclusion: concluded
      ? {
          day: shanghaiDate(p.concludedAt!),
          unitId,
          resolved: isResolved(p.outcome),
          onTime: p.onTime === true,
          followedUp: p.satisfaction !== null,
          satisfied: isSatisfied(p.satisfaction),
        }
      : null,
    exit: exited ? { day: shanghaiDate(p.exitAt!), unitId, kind: p.state as 'withdrawn' | 'declined' } : null,
    reopens: [],
  };
}

/** The monthly township rows the daily contributions add to: day → its month's 1st, place → its township. */
export function monthlyOf(list: readonly Contribution[]): Contribution[] {
  const m = accumulate(
    new Map(),
    list.map((c) => ({
      key: { ...c.key, day: `${c.key.day.slice(0, 7)}-01`, regionCode: c.key.regionCode.slice(0, 9) },
      counts: c.counts,
    })),
  );
  return [...m.entries()]
    .filter(([, c]) => Object.keys(c.counts).length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}
