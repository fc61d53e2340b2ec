// A 10,000-row hotline file with 3 % bad rows: both modes report exactly those rows, skip-bad
// registers the rest (one ledger event each), and importing the same file again creates nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/test-app.js';
import { prepareImport, type ImportRequest, type ImportSummary } from './imports.service.js';
import { readTable, toCsv, writeXlsx } from './table-file.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const HEADER = [
  '工单编号',
  '来电时间',
  '诉求人',
  '电话',
  '身份证号',
  '诉求内容',
  '地址',
  '区划代码',
  '类别',
  '被申请人',
];
const PLACES = ['371403105200', '371403105207', '371403105', '371402001021', '371425002', '371428104'];
const CATEGORIES = ['邻里纠纷', 'labor', '物业纠纷', 'Consumer dispute', 'marriage_family'];

/** Ways a row goes bad, each with the column the report must name. */
const BAD: [column: string, spoil: (row: string[]) => void][] = [
  ['电话', (r) => (r[3] = '1234')],
  ['身份证号', (r) => (r[4] = '371403199001011230')],
  ['类别', (r) => (r[8] = '停车纠纷')],
  ['区划代码', (r) => (r[7] = '371403999999')],
  ['区划代码', (r) => (r[7] = '371403')],
  ['诉求内容', (r) => (r[5] = '')],
  ['来电时间', (r) => (r[1] = '2026-02-30 09:00')],
  ['工单编号', (r) => (r[0] = 'HL-00000001')],
];

/** The rows and the (1-based, header = 1) row numbers that are bad, by a fixed pattern. */
function hotlineFile(n: number, badEvery: number) {
  const rows: string[][] = [HEADER];
  const bad = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const row = [
      `HL-${String(i + 1).padStart(8, '0')}`,
      `2026-03-${String(1 + (i % 14)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')}`,
      `来电人${i}`,
      `138${String(i).padStart(8, '0')}`,
      i % 3 === 0 ? makeIdNumber('371403', '19800101', String(100 + (i % 800)).padStart(3, '0')) : '',
      `诉求${i}：邻居占用通道，协商未果。`,
      i % 4 === 0 ? `某小区 ${i} 号楼` : '',
      PLACES[i % PLACES.length]!,
      CATEGORIES[i % CATEGORIES.length]!,
      i % 5 === 0 ? `对方${i}` : '',
    ];
    // row 2 (the first data row) stays good: it is the one the duplicate work-order number repeats
    if (i > 0 && i % badEvery === 7) {
      const [column, spoil] = BAD[bad.size % BAD.length]!;
      spoil(row);
      bad.set(i + 2, column);
    }
    rows.push(row);
  }
  return { rows, bad };
}

async function importFile(
  bytes: Buffer,
  type: 'xlsx' | 'csv',
  over: Partial<ImportRequest> = {},
): Promise<ImportSummary> {
  const prepared = await prepareImport(t.deps, {
    kind: 'cases',
    mode: 'skip_bad',
    source: '12345',
    fileName: `hotline.${type}`,
    table: await readTable(bytes, type),
    defaultRegion: null,
    actor: { kind: 'cli', label: 'cli:test' },
    ip: null,
    ...over,
  });
  return prepared.run();
}

const count = async (table: 'cases' | 'case_events' | 'case_external_refs') =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.kysely)).rows[0]!.n,
  );

describe('a 10,000-row hotline file with 3 % bad rows', () => {
  const { rows, bad } = hotlineFile(10_000, 33);
  let xlsx: Buffer;

  beforeAll(async () => {
    xlsx = await writeXlsx(rows);
  }, 300_000);

  it('has 3 % bad rows', () => {
    expect(bad.size).toBe(303);
  });

  it(
    'all-or-nothing: reports exactly the bad rows, with the column, and writes no case',
    { timeout: 300_000 },
    async () => {
      const summary = await importFile(xlsx, 'xlsx', { mode: 'all_or_nothing' });
      expect(summary.status).toBe('refused');
      expect(summary.accepted).toBe(0);
      expect(summary.rejected).toBe(bad.size);
      expect(summary.report.rejected.map((r) => r.row)).toEqual([...bad.keys()]);
      for (const r of summary.report.rejected) {
        expect(r.problems.map((p) => p.column)).toContain(bad.get(r.row));
        for (const p of r.problems) {
          expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
          expect(p.en).toMatch(/[a-z]{3}/);
        }
      }
      const dup = summary.report.rejected.find((r) => bad.get(r.row) === '工单编号')!;
      expect(dup.problems[0]!.en).toBe('"工单编号" repeats row 2');
      expect(await count('cases')).toBe(0);
      const job = await t.db.kysely
        .selectFrom('import_jobs')
        .selectAll()
        .where('id', '=', summary.id)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({
        status: 'refused',
        total: 10_000,
        processed: 10_000,
        rejected: bad.size,
        accepted: 0,
      });
    },
  );

  it(
    'skip-bad: registers every good row with its ledger event and reports exactly the bad rows',
    { timeout: 900_000 },
    async () => {
      const summary = await importFile(xlsx, 'xlsx');
      expect(summary.status).toBe('done');
      expect(summary.rejected).toBe(bad.size);
      expect(summary.accepted).toBe(10_000 - bad.size);
      expect(summary.report.rejected.map((r) => r.row)).toEqual([...bad.keys()]);
      expect(await count('cases')).toBe(10_000 - bad.size);
      expect(await count('case_external_refs')).toBe(10_000 - bad.size);
      const events = await t.db.kysely
        .selectFrom('case_events')
        .select(['action', 'actor_role', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['action', 'actor_role'])
        .execute();
      expect(events).toEqual([{ action: 'register', actor_role: 'system', n: String(10_000 - bad.size) }]);
      const channels = await t.db.kysely.selectFrom('cases').select('channel').distinct().execute();
      expect(channels).toEqual([{ channel: 'hotline' }]);
      // every case's 'case-event' job, written with the batch
      const jobs = await sql<{
        n: string;
      }>`select count(*) as n from ${sql.id(t.db.jobSchema, 'job')} where name = 'case-event'`.execute(
        t.db.kysely,
      );
      expect(Number(jobs.rows[0]!.n)).toBe(10_000 - bad.size);
      // a place given as a township lands at its center; the call time is kept beside the number
      const ref = await t.db.kysely
        .selectFrom('case_external_refs as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .select(['c.region_code', 'c.case_no', 'r.received_at', 'c.category_code'])
        .where('r.external_no', '=', 'HL-00000003')
        .executeTakeFirstOrThrow();
      expect(ref).toMatchObject({ region_code: '371403105', category_code: 'property' });
      expect(ref.case_no.startsWith('371403105-')).toBe(true);
      expect(ref.received_at?.toISOString()).toBe('2026-03-03T01:02:00.000Z');
      const job = await t.db.kysely
        .selectFrom('import_jobs')
        .selectAll()
        .where('id', '=', summary.id)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'done', processed: 10_000, accepted: 10_000 - bad.size });
    },
  );

  it(
    'importing the same file again creates nothing and reports the rows as already imported',
    { timeout: 300_000 },
    async () => {
      const before = await count('case_events');
      const summary = await importFile(xlsx, 'xlsx');
      expect(summary).toMatchObject({
        status: 'done',
        accepted: 0,
        alreadyImported: 10_000 - bad.size,
        rejected: bad.size,
      });
      expect(summary.report.alreadyImported).toHaveLength(10_000 - bad.size);
      expect(summary.report.alreadyImported[0]).toEqual({ row: 2, key: 'HL-00000001' });
      expect(await count('case_events')).toBe(before);
      // also as CSV, in all-or-nothing mode once the bad rows are gone: still nothing new
      const good = rows.filter((_, i) => !bad.has(i + 1));
      const again = await importFile(toCsv(good), 'csv', { mode: 'all_or_nothing' });
      expect(again).toMatchObject({
        status: 'done',
        accepted: 0,
        rejected: 0,
        alreadyImported: good.length - 1,
      });
      expect(await count('case_events')).toBe(before);
    },
  );

  it('another source may use the same numbers; rows outside the --region are refused', async () => {
    const small = [HEADER, ...rows.slice(20, 32)].map((r, i) =>
      i === 0 ? r : [...r.slice(0, 7), i % 2 ? '' : r[7]!, ...r.slice(8)],
    );
    const summary = await importFile(toCsv(small), 'csv', { source: 'wechat', defaultRegion: '371403105' });
    // rows with an empty 区划代码 take 神头镇; of the others only those inside 神头镇 pass
    const accepted = small.slice(1).filter((r) => !r[7] || r[7].startsWith('371403105')).length;
    expect(summary.accepted).toBe(accepted);
    expect(summary.rejected).toBe(12 - accepted);
    expect(summary.report.rejected.every((r) => r.problems[0]!.code === 'import.region_out_of_scope')).toBe(
      true,
    );
  });
});
