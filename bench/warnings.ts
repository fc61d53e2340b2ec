// What analysis and early warning (issue 8) cost: a triage suggestion per text (warm, jieba
// included), and the warning sweeps over the Dezhou demo data (seeded through the real services).
//
//   npm run bench:warnings                       (embedded PGlite, in memory)
//   node --import ./scripts/ts-register.mjs bench/warnings.ts [--cases 300] [--rounds 20]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test … bench/warnings.ts   (a schema of its own)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { calendarFromChineseDays } from '../src/core/calendar/chinese-days-source.js';
import { loadConfig } from '../src/server/config.js';
import { createPiiCrypto } from '../src/server/crypto/pii-crypto.js';
import { openDatabase } from '../src/server/db/connection.js';
import { migrate } from '../src/server/db/migrate.js';
import type { AppDeps } from '../src/server/deps.js';
import { sweepQualitySample } from '../src/server/modules/quality-checks/quality-checks.service.js';
import { suggestTriage } from '../src/server/modules/triage/triage.service.js';
import { FRESH_FILE, readLabelled } from '../src/server/modules/triage/triage-model.js';
import { countOpenWarnings, listWarnings } from '../src/server/modules/warnings/warnings.service.js';
import { sweepRepeatKeys, sweepSpikes, sweepStuck } from '../src/server/modules/warnings/warnings.sweeps.js';
import { findRepeats } from '../src/server/modules/warnings/intake-warnings.js';
import { hash } from '@node-rs/argon2';
import { withTransaction } from '../src/server/db/transaction.js';
import { DemoActors, type UnitInfo } from '../src/server/seed/demo-actors.js';
import { DEMO_PASSWORD } from '../src/server/seed/demo-accounts.js';
import { seedDemoCases } from '../src/server/seed/demo-cases.js';
import { prng, type SeedContext } from '../src/server/seed/demo-context.js';
import { seedDemoOrganization } from '../src/server/seed/demo-organization.js';
import { seedStories } from '../src/server/seed/demo-stories.js';

const args = process.argv.slice(2);
const option = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const CASES = option('--cases', 300);
const ROUNDS = option('--rounds', 20);
const log = (line: string) => console.log(line);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;

// ---- triage -------------------------------------------------------------------------------------
const texts = [...readLabelled(), ...readLabelled(FRESH_FILE)].map((r) => r.text);
let started = performance.now();
suggestTriage({ description: texts[0]! });
log(
  `triage: first call (loads jieba's dictionary and the model) ${(performance.now() - started).toFixed(0)} ms`,
);
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const description of texts) {
    const t0 = performance.now();
    suggestTriage({ description, partyCount: 2, at: new Date() });
    times.push(performance.now() - t0);
  }
}
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const chars = texts.reduce((a, t) => a + t.length, 0) / texts.length;
log(
  `triage: ${times.length} suggestions of texts of ${chars.toFixed(0)} characters on average: ` +
    `mean ${(mean * 1000).toFixed(0)} µs, p50 ${(pct(times, 0.5) * 1000).toFixed(0)} µs, ` +
    `p95 ${(pct(times, 0.95) * 1000).toFixed(0)} µs, p99 ${(pct(times, 0.99) * 1000).toFixed(0)} µs`,
);

// ---- sweeps over the demo data ------------------------------------------------------------------
const url = process.env.DATABASE_URL;
const schema = `bench_warnings_${process.pid}`;
const admin = url ? await openDatabase({ databaseUrl: url, poolMax: 1 }) : null;
if (admin) await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
const db = url
  ? await openDatabase({ databaseUrl: url, searchPath: schema, poolMax: 4 })
  : await openDatabase({ dataDir: 'memory://' });
let now = new Date('2026-11-02T01:00:00Z'); // Monday 2 November 2026, 09:00 CST
try {
  await migrate(db);
  const deps: AppDeps = {
    config: loadConfig({
      YIMEN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'yimen-bench-')),
    } as NodeJS.ProcessEnv),
    db,
    crypto: createPiiCrypto(randomBytes(32)),
    jobs: null,
    clock: () => now,
    newId: () => uuidv7(),
    calendar: calendarFromChineseDays(),
  };
  started = performance.now();
  await seedDemoOrganization(deps.db, { now, newId: deps.newId });
  // the demo's stories and generated cases as `yimen seed` makes them (grid work, stationing and
  // base information left out: the warnings read cases), spread over the last 120 days
  const passwordHash = await hash(DEMO_PASSWORD);
  await withTransaction(deps.db, async (trx) => {
    const units = new Map<string, UnitInfo>(
      (await trx.selectFrom('units').select(['id', 'code', 'name', 'kind', 'region_code']).execute()).map(
        (u) => [u.code, u],
      ),
    );
    let clock = new Date(now.getTime() - 120 * 86_400_000);
    const ctx: SeedContext = {
      deps: { ...deps, clock: () => clock, jobs: null },
      db: trx,
      actors: new DemoActors(trx, deps.newId, passwordHash, now),
      rng: prng(20260315),
      units,
      setTime: (at) => {
        clock = at;
      },
      later: (hours) => {
        clock = new Date(clock.getTime() + hours * 3600_000);
      },
    };
    await seedStories(ctx, clock);
    await seedDemoCases(ctx, CASES, clock);
  });
  const seedMs = performance.now() - started;
  const count = async (table: 'cases' | 'parties' | 'warnings') =>
    Number(
      (
        await db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  log(
    `demo on ${db.engine}: ${await count('cases')} cases, ${await count('parties')} parties; seeded in ` +
      `${(seedMs / 1000).toFixed(1)} s (triage and repeat checks at every intake)`,
  );
  const atIntake = await db.kysely
    .selectFrom('warnings')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('kind')
    .execute();
  log(`warnings raised at intake: ${atIntake.map((r) => `${r.kind} ${r.n}`).join(', ') || 'none'}`);

  const timed = async <T>(name: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await fn();
    log(
      `${name.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${JSON.stringify(result)}`,
    );
    return result;
  };
  await timed('sweep stuck (first run)', () => sweepStuck(deps));
  await timed('sweep stuck (again: nothing new)', () => sweepStuck(deps));
  await timed('sweep spikes', () => sweepSpikes(deps));
  await timed('sweep spikes (again)', () => sweepSpikes(deps));
  await db.kysely.updateTable('parties').set({ name_pinyin_bidx: null, address_bidx: null }).execute();
  await db.kysely.updateTable('cases').set({ address_bidx: null }).execute();
  const rows = (await count('parties')) + (await count('cases'));
  await timed(`repeat keys of ${rows} rows (backfill)`, () => sweepRepeatKeys(deps));
  await timed('repeat keys (nothing to do)', () => sweepRepeatKeys(deps));
  // the Monday after: the week before is sampled
  now = new Date('2026-11-09T01:00:00Z');
  await timed('quality sample of last week', () => sweepQualitySample(deps));
  await timed('countOpenWarnings(city)', () => countOpenWarnings(db.kysely, '3714'));
  await timed(
    'listWarnings(city, 20)',
    async () => (await listWarnings(db.kysely, { regionCode: '3714' })).items.length,
  );
  log(`${await count('warnings')} warnings over ${await count('cases')} cases`);
  const reasons = await db.kysely
    .selectFrom('warnings')
    .select(sql<string>`r->>'code'`.as('code'))
    .innerJoin(sql`jsonb_array_elements(reasons)`.as('r'), (j) => j.onTrue())
    .where('kind', '=', 'high_risk')
    .execute();
  const byCode = new Map<string, number>();
  for (const r of reasons) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
  log(`high-risk reasons on the demo: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}`);

  // what intake adds to a registration: the repeat look-up (one query) and the suggestion
  const probes = await db.kysely
    .selectFrom('parties')
    .select(['phone_bidx', 'id_number_bidx', 'name_pinyin_bidx'])
    .limit(200)
    .execute();
  const lookups: number[] = [];
  for (const p of probes) {
    const t0 = performance.now();
    await withTransaction(db, (trx) =>
      findRepeats(trx, {
        caseId: deps.newId(),
        regionCode: '371403105200',
        now,
        keys: {
          idNumber: p.id_number_bidx ? [p.id_number_bidx] : [],
          phone: p.phone_bidx ? [p.phone_bidx] : [],
          namePinyin: p.name_pinyin_bidx ? [p.name_pinyin_bidx] : [],
          address: [],
        },
      }),
    );
    lookups.push(performance.now() - t0);
  }
  log(
    `repeat look-up at intake (${lookups.length} probes, one transaction each): p50 ${pct(lookups, 0.5).toFixed(2)} ms, ` +
      `p95 ${pct(lookups, 0.95).toFixed(2)} ms`,
  );
} finally {
  await db.close();
  if (admin) {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.kysely);
    await admin.close();
  }
}
