import { availableParallelism, loadavg } from 'node:os';
import cliProgress from 'cli-progress';
import { loadConfig } from '../server/config.js';
import { loadOrCreateMasterKey } from '../server/crypto/pii-crypto.js';
import { openDatabase } from '../server/db/connection.js';
import { openRuntime } from '../server/runtime.js';
import { ensureSimulateTables } from '../server/simulate/sim-sink.js';
import {
  simulate,
  SIM_STAGES,
  type SimProgress,
  type SimStage,
  type StageResult,
} from '../server/simulate/simulate.js';

export interface SimulateOptions {
  city: string;
  year: string;
  scale?: string;
  seed?: string;
  workers?: string;
  json?: boolean;
}

/** Parses and checks the options; throws a readable error. */
export function simulateArgs(o: SimulateOptions): {
  city: string;
  year: number;
  scale: number;
  seed: number;
  workers: number;
} {
  if (!/^\d{4}$/.test(o.city)) throw new Error(`--city: a 4-digit city code, e.g. 3714 (got ${o.city})`);
  const year = Number(o.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new Error(`--year: a year such as 2026 (got ${o.year})`);
  const scale = Number(o.scale ?? '1');
  // 3: the simulated ID numbers of one county stay unique up to 16 M residents (sim-base-info.ts)
  if (!(scale > 0 && scale <= 3)) throw new Error(`--scale: a number above 0, at most 3 (got ${o.scale})`);
  const seed = Number(o.seed ?? '1');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed: a whole number ≥ 0 (got ${o.seed})`);
  const workers = o.workers === undefined ? availableParallelism() : Number(o.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64)
    throw new Error(`--workers: 0 to 64 (got ${o.workers})`);
  return { city: o.city, year, scale, seed, workers };
}

/** A bar per stage with items and rows per second (stderr, so --json output stays clean). */
function bars(): SimProgress & { stop(): void } {
  let bar: cliProgress.SingleBar | null = null;
  let started = 0;
  return {
    stageStart(stage, items, done) {
      bar?.stop();
      started = Date.now();
      bar = new cliProgress.SingleBar(
        {
          format: `${stage.padEnd(13)} [{bar}] {value}/{total} | {rows} rows | {rate} rows/s | {duration_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          // piped (CI, a log file): a line every 10 s instead of a redrawn bar
          noTTYOutput: true,
          notTTYSchedule: 10_000,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(items, done, { rows: 0, rate: 0 });
    },
    chunkDone(_stage, itemsDone, rows) {
      const s = (Date.now() - started) / 1000;
      bar?.update(itemsDone, { rows, rate: Math.round(rows / Math.max(s, 0.001)) });
    },
    stageEnd(_stage, r) {
      bar?.update(r.items, { rows: r.rows, rate: Math.round(r.rows / Math.max(r.ms / 1000, 0.001)) });
      bar?.stop();
      bar = null;
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * `yimen simulate --city 3714 --year 2026 [--scale 1.0] [--seed N]`: writes a simulated year of
 * the city into the configured database (DATABASE_URL, else the embedded data folder — refused
 * while a server holds it). Rerun with the same options to resume an interrupted run.
 */
export async function simulateCommand(o: SimulateOptions): Promise<void> {
  const { workers, ...args } = simulateArgs(o);
  const config = loadConfig();
  const runtime = await openRuntime(config, { jobs: false });
  if (config.databaseOwnerUrl && runtime.deps.db.engine === 'postgres') {
    // the bookkeeping tables are created by the owner (the app role may not create tables; the
    // default privileges migrations set up let it write them)
    const owner = await openDatabase({ databaseUrl: config.databaseOwnerUrl, poolMax: 1 });
    try {
      await ensureSimulateTables(owner);
    } finally {
      await owner.close();
    }
  }
  const progress = bars();
  const started = Date.now();
  try {
    const report = await simulate(
      { db: runtime.deps.db, crypto: runtime.deps.crypto, calendar: runtime.deps.calendar },
      {
        ...args,
        progress,
        // the seal workers encrypt with the installation's key, as the runtime does
        sealWorkers: workers,
        masterKey: workers
          ? await loadOrCreateMasterKey({ keyFile: config.keyFile, envKey: config.masterKeyHex ?? undefined })
          : undefined,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const load = loadavg().map((x) => x.toFixed(2));
    if (o.json) {
      console.log(
        JSON.stringify({ ...args, engine: runtime.deps.db.engine, seconds, loadavg: load, stages: report }),
      );
      return;
    }
    console.log(
      `\nSimulated ${args.year} of city ${args.city} at scale ${args.scale} (seed ${args.seed}) on ${runtime.deps.db.engine}:`,
    );
    for (const stage of SIM_STAGES) console.log(line(stage, report[stage]));
    console.log(`Total ${seconds.toFixed(1)} s; load average ${load.join(' ')}.`);
  } finally {
    progress.stop();
    await runtime.close();
  }
}

function line(stage: SimStage, r: StageResult | undefined): string {
  if (!r) return `  ${stage.padEnd(13)} –`;
  const rate = r.rows / Math.max(r.ms / 1000, 0.001);
  const resumed = r.resumedChunks ? ` (${r.resumedChunks} chunks done before)` : '';
  return (
    `  ${stage.padEnd(13)} ${String(r.items).padStart(10)} items ${String(r.rows).padStart(11)} rows ` +
    `${(r.ms / 1000).toFixed(1).padStart(7)} s ${Math.round(rate).toString().padStart(9)} rows/s${resumed}`
  );
}
