// Issue 6, "import of 50,000 residents with bad rows reported": 50,000 generated residents of
// 神头镇's grids, a few hundred of them bad (wrong check character, bad phone, repeated in the
// file, already in the database), imported by the township clerk through POST /api/imports.
// It asserts counts and reasons; the time it takes is printed, not asserted (speed belongs to
// the bench scripts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import { multipart } from '../../../../test/helpers/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { toCsv } from '../imports/table-file.js';

const TOTAL = 50_000;
const BAD_CHECK = 120;
const BAD_PHONE = 110;
const REPEATED = 90;
const IN_DATABASE = 80;

let t: TestApp;
let clerk: Client;
let grids: string[];

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  grids = (
    await t.db.kysely
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'grid')
      .where('code', 'like', '371403105%')
      .orderBy('code')
      .execute()
  ).map((r) => r.code);
}, 120_000);
afterAll(async () => t?.close());

/** The i-th person: a distinct ID number (birth day and sequence), a phone, a grid. */
function person(i: number): string[] {
  const day = new Date(Date.UTC(1940, 0, 1) + (i % 25_000) * 86_400_000);
  const ymd = day.toISOString().slice(0, 10).replace(/-/g, '');
  const id = makeIdNumber('371403', ymd, String(100 + Math.floor(i / 25_000)).padStart(3, '0'));
  const phone = `139${String(i).padStart(8, '0')}`;
  return [`居民${i}`, id, phone, `神头镇某村 ${i} 号`, grids[i % grids.length]!];
}

async function importCsv(rows: string[][]) {
  const body = multipart([
    { name: 'kind', data: 'residents' },
    { name: 'mode', data: 'skip-bad' },
    {
      name: 'file',
      filename: 'residents.csv',
      type: 'text/csv',
      data: toCsv([['姓名', '公民身份号码', '联系方式', '现住址', '所属网格'], ...rows]),
    },
  ]);
  const started = await clerk.request({
    method: 'POST',
    url: '/api/imports',
    payload: body.payload,
    headers: body.headers,
  });
  expect(started.statusCode, started.body).toBe(202);
  for (;;) {
    const res = await clerk.get(`/api/imports/${started.json().id}`);
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('importing 50,000 residents', () => {
  it('writes the good ones and reports every bad row with its row number and reason', async () => {
    // people the grid already recorded
    const known = Array.from({ length: IN_DATABASE }, (_, k) => person(TOTAL + k));
    expect((await importCsv(known)).accepted).toBe(IN_DATABASE);

    const rows: string[][] = [];
    const expected = new Map<number, string>();
    for (let i = 0; i < TOTAL; i++) {
      const p = person(i);
      const row = rows.length + 2; // the header is row 1
      if (i < BAD_CHECK) {
        p[1] = p[1]!.slice(0, 17) + (p[1]!.endsWith('0') ? '1' : '0');
        expected.set(row, 'import.bad_id_number');
      } else if (i < BAD_CHECK + BAD_PHONE) {
        p[2] = p[2]!.slice(0, 8);
        expected.set(row, 'import.bad_phone');
      } else if (i < BAD_CHECK + BAD_PHONE + REPEATED) {
        p[1] = person(i + 10_000)[1]!;
        expected.set(row + 10_000, 'import.duplicate_in_file');
      } else if (i < BAD_CHECK + BAD_PHONE + REPEATED + IN_DATABASE) {
        p[1] = known[i - BAD_CHECK - BAD_PHONE - REPEATED]![1]!;
        expected.set(row, 'import.duplicate_in_db');
      }
      rows.push(p);
    }
    const bad = BAD_CHECK + BAD_PHONE + REPEATED + IN_DATABASE;

    const started = Date.now();
    const job = await importCsv(rows);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `imported ${TOTAL} residents in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)} rows/s) on ${t.db.engine}`,
    );

    expect(job).toMatchObject({
      status: 'done',
      total: TOTAL,
      processed: TOTAL,
      accepted: TOTAL - bad,
      rejected: bad,
      alreadyImported: 0,
    });
    const got = new Map<number, string>(
      job.report.rejected.map((r: { row: number; problems: { code: string }[] }) => [
        r.row,
        r.problems.map((p) => p.code).join(),
      ]),
    );
    expect(got).toEqual(expected);
    const counted = await t.db.kysely
      .selectFrom('base_residents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(TOTAL - bad + IN_DATABASE);
    // one grid's page is served from the index, masked
    const page = (await clerk.get(`/api/base/residents?region=${grids[0]}&limit=100`)).json();
    expect(page.items).toHaveLength(100);
    expect(page.items[0].idNumber).toMatch(/^371\*{11}[\dX]{4}$/);
  }, 600_000);
});
