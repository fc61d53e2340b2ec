// The warnings the sweeps find (pg-boss cron, jobs/sweeps.ts): spikes of a category in a township
// over its baseline, and stuck cases (overdue, bounced between units more than twice, reopened);
// and the repeat keys of parties and cases written before migration 0013. Every raise is an
// upsert on the warning's subject, so a second run, or a run in a second process, changes nothing.
import { addressKey, namePinyinKey } from '../../../core/analysis/repeat-keys.js';
import { BASELINE_WEEKS, detectSpike } from '../../../core/analysis/spike.js';
import { weekStartOf } from '../../../core/analysis/quality-sample.js';
import { responsibleLevel } from '../../../core/analysis/warning-routing.js';
import type { HandlingLevel } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { raiseWarning } from './warnings.service.js';
import * as q from './warnings.queries.js';

type SweepDeps = Pick<AppDeps, 'db' | 'clock' | 'newId' | 'crypto'>;

const WEEK_MS = 7 * 86_400_000;
const BATCH = 500;
/** Rejections and transfers after which a case counts as bounced (more than twice). */
export const BOUNCE_LIMIT = 2;

/**
 * Spikes: for every township and category, the cases of the last 7 days against the
 * BASELINE_WEEKS weeks before (core/analysis/spike.ts). One warning per township, category and
 * CST week; a count that grows during the week updates it.
 */
export async function sweepSpikes(deps: SweepDeps): Promise<{ spikes: number; series: number }> {
  const now = deps.clock();
  const from = new Date(now.getTime() - (BASELINE_WEEKS + 1) * WEEK_MS);
  const rows = await q.weeklyCounts(deps.db.kysely, from, now);
  const series = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.township}:${r.category_code}`;
    const weeks = series.get(key) ?? Array<number>(BASELINE_WEEKS + 1).fill(0);
    if (r.week >= 0 && r.week <= BASELINE_WEEKS) weeks[r.week] = Number(r.n);
    series.set(key, weeks);
  }
  const week = weekStartOf(now);
  const found = [...series]
    .map(([key, weeks]) => {
      const [township, category] = key.split(':') as [string, string];
      // oldest first, as the statistic reads it
      const history = weeks.slice(1).reverse();
      return { township, category, history, verdict: detectSpike(weeks[0]!, history) };
    })
    .filter((s) => s.verdict.spike && s.township.length === 9);
  const subject = (s: { township: string; category: string }) => `spike:${s.township}:${s.category}:${week}`;
  // spikes warned already with as many cases need nothing more (the usual run)
  const known = await q.warningWeights(deps.db.kysely, found.map(subject));
  let spikes = 0;
  for (const { township, category, history, verdict } of found) {
    if ((known.get(subject({ township, category })) ?? 0) >= verdict.current) continue;
    const changed = await withTransaction(deps.db, async (trx) => {
      const caseIds = await q.spikeCaseIds(trx, township, category, new Date(now.getTime() - WEEK_MS), now);
      const r = await raiseWarning(trx, deps, {
        kind: 'spike',
        subjectKey: subject({ township, category }),
        severity: verdict.current >= 2 * verdict.threshold ? 'red' : 'orange',
        regionCode: township,
        levelCode: township,
        categoryCode: category,
        reasons: [
          {
            code: 'spike',
            params: {
              current: verdict.current,
              mean: verdict.mean,
              sd: verdict.sd,
              threshold: verdict.threshold,
              p: Number(verdict.pValue.toPrecision(3)),
              weeks: BASELINE_WEEKS,
            },
          },
        ],
        evidence: {
          caseIds,
          week,
          window: { from: new Date(now.getTime() - WEEK_MS).toISOString(), to: now.toISOString() },
          history,
          ...verdict,
        },
        weight: verdict.current,
      });
      return r.outcome !== 'unchanged';
    });
    if (changed) spikes += 1;
  }
  return { spikes, series: series.size };
}

interface StuckRow {
  id: string;
  case_no: string;
  region_code: string;
  handling_level: HandlingLevel;
  category_code: string;
}

interface Stuck {
  row: StuckRow;
  subjectKey: string;
  reason: { code: string; params: Record<string, string | number> };
  weight: number;
}

/** Raises a batch of stuck warnings in one transaction; how many were new or grew. */
async function raiseStuck(deps: SweepDeps, batch: readonly Stuck[], centers: Map<string, string | null>) {
  if (batch.length === 0) return 0;
  return withTransaction(deps.db, async (trx) => {
    let changed = 0;
    for (const { row, subjectKey, reason, weight } of batch) {
      const r = await raiseWarning(
        trx,
        deps,
        {
          kind: 'stuck',
          subjectKey,
          severity: 'orange',
          regionCode: row.region_code,
          levelCode: responsibleLevel(row.region_code, 'orange', row.handling_level),
          caseId: row.id,
          categoryCode: row.category_code,
          reasons: [reason],
          evidence: { caseIds: [row.id], caseNo: row.case_no, ...reason.params },
          weight,
        },
        centers,
      );
      if (r.outcome !== 'unchanged') changed += 1;
    }
    return changed;
  });
}

/**
 * Stuck cases: open past their deadline (one warning per deadline), rejected or transferred more
 * than BOUNCE_LIMIT times (one per case, updated as it bounces on), reopened (one per reopening).
 * The reads skip what was warned already; each page of new warnings is one transaction.
 */
export async function sweepStuck(
  deps: SweepDeps,
): Promise<{ overdue: number; bounced: number; reopened: number }> {
  const now = deps.clock();
  const out = { overdue: 0, bounced: 0, reopened: 0 };
  const db = deps.db.kysely;
  const centers = new Map<string, string | null>();
  for (let after: string | null = null; ;) {
    const rows = await q.overdueCases(db, now, after, BATCH);
    out.overdue += await raiseStuck(
      deps,
      rows.map((r) => ({
        row: r,
        subjectKey: q.overdueKey(r.id, r.deadline_at!),
        reason: { code: 'overdue', params: { deadline: r.deadline_at!.toISOString() } },
        weight: 1,
      })),
      centers,
    );
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
  for (let after: string | null = null; ;) {
    const rows = await q.bouncedCases(db, BOUNCE_LIMIT, after, BATCH);
    out.bounced += await raiseStuck(
      deps,
      rows.map((r) => {
        const times = Number(r.bounces);
        return {
          row: r,
          subjectKey: q.bouncedKey(r.id),
          reason: { code: 'bounced', params: { times } },
          weight: times,
        };
      }),
      centers,
    );
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
  for (let after: string | null = null; ;) {
    const rows = await q.reopenedCases(db, after, BATCH);
    out.reopened += await raiseStuck(
      deps,
      rows.map((r) => ({
        row: r,
        subjectKey: q.reopenedKey(r.id, r.reopen_count),
        reason: { code: 'reopened', params: { times: r.reopen_count } },
        weight: 1,
      })),
      centers,
    );
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
  return out;
}

/**
 * Fills the repeat keys of parties and cases registered before migration 0013 (names by pinyin,
 * addresses decrypted and normalized), a batch at a time; '' where there is nothing to key.
 */
export async function sweepRepeatKeys(deps: SweepDeps): Promise<{ keyed: number }> {
  let keyed = 0;
  for (;;) {
    const done = await withTransaction(deps.db, async (trx) => {
      const parties = await q.partiesWithoutKeys(trx, BATCH);
      await q.setPartyKeys(
        trx,
        parties.map((p) => {
          const name = p.kind === 'person' ? namePinyinKey(p.name) : null;
          const address = p.address_enc ? addressKey(deps.crypto.decrypt('address', p.address_enc)) : null;
          return {
            id: p.id,
            name: name ? deps.crypto.blindIndex('name_pinyin', name) : '',
            address: address ? deps.crypto.blindIndex('address', address) : '',
          };
        }),
      );
      const cases = await q.casesWithoutKeys(trx, BATCH);
      await q.setCaseAddressKeys(
        trx,
        cases.map((c) => {
          const address = c.address_enc ? addressKey(deps.crypto.decrypt('address', c.address_enc)) : null;
          return { id: c.id, address: address ? deps.crypto.blindIndex('address', address) : '' };
        }),
      );
      return parties.length + cases.length;
    });
    keyed += done;
    if (done === 0) break;
  }
  return { keyed };
}
