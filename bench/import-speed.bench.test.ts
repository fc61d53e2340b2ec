// Import speed: a generated hotline file of IMPORT_ROWS rows (default 100,000) imported as
// `yimen import cases` does it, on PGlite or (with DATABASE_URL) PostgreSQL. Prints rows/s.
//   npm run bench:import                       # PGlite
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:import
//   IMPORT_ROWS=10000 npm run bench:import
//   IMPORT_PROGRESS=/tmp/progress.txt npm run bench:import   # progress every 30 s, to follow
import { appendFileSync } from 'node:fs';
import { sql } from 'kysely';
import { it } from 'vitest';
import { makeIdNumber } from '../src/core/pii/validation.js';
import { prepareImport } from '../src/server/modules/imports/imports.service.js';
import { readTable, writeXlsx } from '../src/server/modules/imports/table-file.js';
import { createTestApp } from '../test/helpers/test-app.js';

const ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
const PLACES = ['371403105200', '371403105207', '371402001021', '371425002', '371428104', '371481001'];

it(`imports ${ROWS} hotline rows`, async () => {
  const t = await createTestApp();
  try {
    function* rows() {
      yield ['工单编号', '来电时间', '诉求人', '电话', '身份证号', '诉求内容', '地址', '区划代码', '类别'];
      for (let i = 0; i < ROWS; i++) {
        yield [
          `B-${i}`,
          '2026-03-14 10:20',
          `来电人${i}`,
          `139${String(i).padStart(8, '0')}`,
          i % 2 ? makeIdNumber('371403', '19850101', String(i % 1000).padStart(3, '0')) : '',
          `第 ${i} 号诉求：楼上漏水，多次协商未果，请求调解。`,
          `某小区 ${i % 300} 号楼`,
          PLACES[i % PLACES.length]!,
          i % 7 ? '邻里纠纷' : '劳动争议',
        ];
      }
    }
    let at = Date.now();
    const bytes = await writeXlsx(rows());
    console.log(
      `generated ${ROWS} rows: ${(bytes.length / 1e6).toFixed(1)} MB in ${((Date.now() - at) / 1000).toFixed(1)} s`,
    );
    const started = Date.now();
    const table = await readTable(bytes, 'xlsx');
    const read = (Date.now() - started) / 1000;
    at = Date.now();
    const prepared = await prepareImport(t.deps, {
      kind: 'cases',
      mode: 'skip_bad',
      source: 'bench',
      fileName: 'bench.xlsx',
      table,
      defaultRegion: null,
      actor: { kind: 'cli', label: 'bench' },
      ip: null,
    });
    // progress as it goes (the job row is what GET /api/imports/:id shows), so a partial run still measures
    const timer = setInterval(
      () => {
        void t.db.kysely
          .selectFrom('import_jobs')
          .select(['processed', 'accepted'])
          .where('id', '=', prepared.id)
          .executeTakeFirst()
          .then((j) => {
            const s = (Date.now() - at) / 1000;
            if (!j) return;
            const line = `… ${j.accepted} written after ${s.toFixed(0)} s (${Math.round(j.accepted / s)} rows/s)\n`;
            // Vitest holds console output until the test ends: IMPORT_PROGRESS names a file to follow
            if (process.env.IMPORT_PROGRESS) appendFileSync(process.env.IMPORT_PROGRESS, line);
            else console.log(line.trim());
          });
      },
      Number(process.env.IMPORT_PROGRESS_MS ?? 30_000),
    );
    const summary = await prepared.run().finally(() => clearInterval(timer));
    const imported = (Date.now() - at) / 1000;
    const total = (Date.now() - started) / 1000;
    const events = await sql<{ n: string }>`select count(*) as n from case_events`.execute(t.db.kysely);
    console.log(
      `engine ${t.db.engine}: ${summary.accepted} accepted, ${summary.rejected} refused; ` +
        `read ${read.toFixed(1)} s, validate+write ${imported.toFixed(1)} s; ` +
        `${Math.round(ROWS / total)} rows/s overall (${Math.round(ROWS / imported)} rows/s without reading the file); ` +
        `${events.rows[0]!.n} ledger events`,
    );
  } finally {
    await t.close();
  }
});
