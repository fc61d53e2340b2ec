// `yimen simulate`: a realistic year of a city at the article's scale, written stage by stage and
// chunk by chunk through each engine's COPY (sim-sink.ts). Deterministic for a seed (every row
// is a function of the seed and its index; only ciphertexts differ, their IVs are random by
// design), resumable (a chunk commits with its progress record; a rerun skips what committed).
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { WorkCalendar } from '../../core/calendar/work-calendar.js';
import { scaled } from '../../core/simulate/city-year.js';
import { simId } from '../../core/simulate/sim-random.js';
import { FIELD_HOURS, yearClock } from '../../core/simulate/year-clock.js';
import type { PiiCrypto } from '../crypto/pii-crypto.js';
import type { Db } from '../db/connection.js';
import { rebuildRollups } from '../modules/analytics/rollups-rebuild.js';
import { isSeeded, seedDemoOrganization, DEMO_CITY } from '../seed/demo-organization.js';
import { CopyTable } from './copy-text.js';
import { baseTable, baseWorldOf, makeBaseRecords, type BaseStage } from './sim-base-info.js';
import { SealPool } from './seal-pool.js';
import type { CasePlan } from './sim-case-story.js';
import { caseTables, tablesOf } from './sim-case-tables.js';
import { disputeReportCount, planCases, simulateCase } from './sim-cases.js';
import { gridContext, gridReportTables, makeGridReports, makeWorkItems, workItemTable } from './sim-grid.js';
import {
  chunksDone,
  claimRun,
  commitChunk,
  ensureSimulateTables,
  finishRun,
  maySkipTriggers,
  type SinkHooks,
} from './sim-sink.js';
import { ID_STAGE, loadWorld, type SimOptions, type SimUnit } from './sim-world.js';

export const SIM_STAGES = [
  'organization',
  'accounts',
  'cases',
  'grid_reports',
  'work_items',
  'residents',
  'houses',
  'organizations',
  'rollups',
] as const;
export type SimStage = (typeof SIM_STAGES)[number];

/** Items per chunk (one transaction each). */
export const CHUNK_SIZES: Record<Exclude<SimStage, 'organization' | 'rollups'>, number> = {
  accounts: 5_000,
  cases: 1_000,
  grid_reports: 50_000,
  work_items: 100_000,
  residents: 20_000,
  houses: 20_000,
  organizations: 20_000,
};

/** How a stage goes, for a progress display. */
export interface SimProgress {
  stageStart(stage: SimStage, items: number, alreadyDone: number): void;
  chunkDone(stage: SimStage, itemsDone: number, rows: number): void;
  stageEnd(stage: SimStage, result: StageResult): void;
}

export interface StageResult {
  /** items of the stage (cases, reports, records …) */
  items: number;
  /** rows written by this run, all tables of the stage */
  rows: number;
  ms: number;
  /** chunks skipped because an earlier run committed them */
  resumedChunks: number;
  /** of ms, the time spent making rows (the rest: the database, while nothing was left to make) */
  makeMs?: number;
}

export interface SimulateInput extends SimOptions {
  progress?: SimProgress;
  hooks?: SinkHooks & {
    /** called after each chunk commits (a test's injected interruption throws here) */
    afterChunk?(stage: SimStage, chunk: number): void | Promise<void>;
  };
  /** chunk sizes other than CHUNK_SIZES (tests); keep them across a resumed run */
  chunkSizes?: Partial<typeof CHUNK_SIZES>;
  /**
   * Worker threads that make the base-information chunks (their encryption is most of the run's
   * work); 0 or absent: on the main thread. Needs the master key (the same one `crypto` holds).
   */
  sealWorkers?: number;
  masterKey?: Buffer;
}

export interface SimulateDeps {
  db: Db;
  crypto: PiiCrypto;
  calendar: WorkCalendar;
}

export type SimReport = Record<SimStage, StageResult>;

const DAY = 86_400_000;
/** Items made between two turns of the event loop. */
const SLICE = 2_000;

/** Runs (or resumes) the simulation; returns what each stage did in this run. */
export async function simulate(deps: SimulateDeps, input: SimulateInput): Promise<SimReport> {
  const { db } = deps;
  if (input.city !== DEMO_CITY) {
    throw new Error(`only city ${DEMO_CITY} (Dezhou) has an organization to simulate in`);
  }
  await ensureSimulateTables(db);
  await claimRun(db, input, new Date());
  const report = {} as SimReport;
  const yearStart = Date.UTC(input.year, 0, 1) - 8 * 3600_000;

  const time = async (stage: SimStage, fn: () => Promise<Omit<StageResult, 'ms'>>) => {
    const started = Date.now();
    const r = await fn();
    report[stage] = { ...r, ms: Date.now() - started };
    input.progress?.stageEnd(stage, report[stage]);
  };

  await time('organization', async () => {
    input.progress?.stageStart('organization', 1, 0);
    if (await isSeeded(db.kysely)) return { items: 1, rows: 0, resumedChunks: 1 };
    let n = 0;
    const at = yearStart - 60 * DAY;
    const counts = await seedDemoOrganization(db, {
      now: new Date(at),
      newId: () => simId(at, input.seed, ID_STAGE.organization, n++),
    });
    const rows = Object.values(counts.regions).reduce((a, b) => a + b, 0) + n;
    return { items: 1, rows, resumedChunks: 0 };
  });

  const world = await loadWorld(db.kysely, input, deps.calendar);
  // the bulk stages skip FK checks where the engine allows (the cases keep their triggers: the light)
  const skipTriggers = await maySkipTriggers(db);
  const sizes = { ...CHUNK_SIZES, ...input.chunkSizes };
  const unitById = new Map<string, SimUnit>([...world.units.values()].map((u) => [u.id, u]));
  const horizon = yearStart + (Date.UTC(input.year + 1, 0, 1) - Date.UTC(input.year, 0, 1)) - 1;

  /**
   * Runs the chunks of a stage not yet committed. The next chunk is made while the previous one
   * is being copied: on the main thread (yielding to the event loop every SLICE items, so the
   * COPY stream keeps flowing), or by `parallel.make` on worker threads, `parallel.window` ahead.
   */
  const chunked = async <T extends CopyTable[]>(
    stage: Exclude<SimStage, 'organization' | 'rollups'>,
    items: number,
    newTables: () => T,
    fill: (tables: T, from: number, to: number) => void,
    parallel?: { make: (from: number, to: number) => Promise<CopyTable[]>; window: number },
  ) => {
    await time(stage, async () => {
      const size = sizes[stage];
      const chunks = Math.ceil(items / size);
      const done = await chunksDone(db, stage);
      let itemsDone = [...done].reduce((s, c) => s + Math.min(size, items - c * size), 0);
      input.progress?.stageStart(stage, items, itemsDone);
      let rows = 0;
      let makeMs = 0;
      const inline = async (from: number, to: number): Promise<CopyTable[]> => {
        const tables = newTables();
        for (let i = from; i < to; i += SLICE) {
          const t0 = Date.now();
          fill(tables, i, Math.min(to, i + SLICE));
          makeMs += Date.now() - t0;
          await new Promise((resolve) => setImmediate(resolve));
        }
        return tables;
      };
      const make = parallel?.make ?? inline;
      const window = parallel?.window ?? 1;
      const todo = Array.from({ length: chunks }, (_, c) => c).filter((c) => !done.has(c));
      const made = new Map<number, { startedAt: number; tables: Promise<CopyTable[]> }>();
      let next = 0;
      const launch = () => {
        while (next < todo.length && made.size < window) {
          const c = todo[next++]!;
          const tables = make(c * size, Math.min(items, (c + 1) * size));
          // a chunk made ahead must not fail unobserved if the run stops before it is awaited
          tables.catch(() => undefined);
          made.set(c, { startedAt: Date.now(), tables });
        }
      };
      for (const c of todo) {
        launch();
        const { startedAt, tables: ready } = made.get(c)!;
        const tables = await ready;
        made.delete(c);
        launch();
        const n = tables.reduce((s, t) => s + t.rowCount, 0);
        await commitChunk(db, { stage, chunk: c, rows: n, startedAt }, tables, input.hooks, {
          skipTriggers: skipTriggers && stage !== 'cases',
        });
        rows += n;
        itemsDone += Math.min(size, items - c * size);
        input.progress?.chunkDone(stage, itemsDone, rows);
        await input.hooks?.afterChunk?.(stage, c);
      }
      return { items, rows, resumedChunks: done.size, makeMs: parallel ? undefined : makeMs };
    });
  };

  // accounts: one argon2 hash of a secret never kept, shared by all (nobody logs in as them)
  const existingHash = await db.kysely
    .selectFrom('users')
    .select('password_hash')
    .where('username', 'like', 'sim.%')
    .limit(1)
    .executeTakeFirst();
  const passwordHash = existingHash?.password_hash ?? (await hash(randomBytes(24).toString('hex')));
  const createdAt = new Date(yearStart - 30 * DAY);
  await chunked(
    'accounts',
    world.users.length,
    () => [
      new CopyTable('users', [
        'id',
        'username',
        'password_hash',
        'display_name',
        'role',
        'unit_id',
        'scope_code',
        'must_change_password',
        'is_demo',
        'active',
        'created_at',
      ]),
    ],
    ([t], from, to) => {
      for (const u of world.users.slice(from, to)) {
        t!.add([
          u.id,
          u.username,
          passwordHash,
          u.displayName,
          u.role,
          u.unit.id,
          u.scope,
          true,
          true,
          u.active,
          createdAt,
        ]);
      }
    },
  );

  // monthly partitions of the year where the history tables are partitioned by id (0016)
  const { rows: fn } = await sql<{ ok: boolean }>`
    select to_regprocedure('yimen_ensure_id_partitions(text, date, integer)') is not null as ok`.execute(
    db.kysely,
  );
  if (fn[0]?.ok) {
    for (const table of ['case_events', 'grid_reports', 'grid_report_events']) {
      await sql`select yimen_ensure_id_partitions(${table}, ${`${input.year}-01-01`}::date, 13)`.execute(
        db.kysely,
      );
    }
  }
  const plans: CasePlan[] = planCases(world);
  await chunked(
    'cases',
    plans.length,
    () => Object.values(caseTables()),
    (tables, from, to) => {
      const out = tablesOf(tables);
      for (const plan of plans.slice(from, to))
        simulateCase(world, plan, deps.crypto, unitById, horizon, out);
    },
  );

  const grid = gridContext(world);
  const reports = Math.max(0, scaled('gridReports', input.scale) - disputeReportCount(plans));
  await chunked(
    'grid_reports',
    reports,
    () => Object.values(gridReportTables()),
    ([r, e], from, to) =>
      makeGridReports(world, grid, { from, to, total: reports }, { reports: r!, events: e! }),
  );

  await sql`select grid_work_items_ensure_partitions(${`${input.year}-01-01`}::date, 13)`.execute(db.kysely);
  const items = scaled('workItems', input.scale);
  await chunked(
    'work_items',
    items,
    () => [workItemTable()],
    ([t], from, to) => makeWorkItems(world, grid, { from, to, total: items }, t!),
  );

  const collection = yearClock(input.year, deps.calendar, FIELD_HOURS, 0.6);
  const baseWorld = baseWorldOf(world);
  const pool =
    input.sealWorkers && input.masterKey
      ? new SealPool(input.sealWorkers, {
          key: input.masterKey,
          year: input.year,
          calendar: deps.calendar,
          world: baseWorld,
        })
      : null;
  try {
    for (const stage of ['residents', 'houses', 'organizations'] as const satisfies readonly BaseStage[]) {
      const total = scaled(stage, input.scale);
      // each grid's records are collected in one round, at a time spread over the year
      await chunked(
        stage,
        total,
        () => [baseTable(stage)],
        ([t], from, to) =>
          makeBaseRecords(
            baseWorld,
            deps.crypto,
            stage,
            { from, to, total },
            (i) => collection.at((i + 0.5) / total),
            t!,
          ),
        pool
          ? {
              make: async (from, to) => [await pool.make(stage, { from, to, total })],
              window: input.sealWorkers! + 1,
            }
          : undefined,
      );
    }
  } finally {
    await pool?.close();
  }

  await time('rollups', async () => {
    input.progress?.stageStart('rollups', 1, 0);
    const r = await rebuildRollups(db);
    await sql`analyze`.execute(db.kysely);
    return { items: 1, rows: r.caseRows, resumedChunks: 0 };
  });
  await finishRun(db, new Date());
  return report;
}
