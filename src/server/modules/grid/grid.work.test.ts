// Grid work on the worker's phone: photos, routine work items (once per client key, also when a
// retry races the first request), listing within scope, plans and today's tasks.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { PNG, multipart } from '../../../../test/helpers/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { sweepGridPartitions } from './grid-partitions.sweep.js';

let t: TestApp;
let grid: string; // grid.shentou's grid
let otherGrid: string; // grid.xinhu's grid (another township)

const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await createTestApp();
  const scope = async (username: string) =>
    (
      await t.db.kysely
        .selectFrom('users')
        .select('scope_code')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).scope_code;
  grid = await scope('grid.shentou');
  otherGrid = await scope('grid.xinhu');
});
afterAll(async () => t?.close());
// each test starts without grid records (the organization and accounts stay)
beforeEach(async () => {
  // as the owner: the app role may only append to grid_report_events (a report's timeline)
  await t.db.asOwner((owner) => owner.kysely.deleteFrom('grid_report_events').execute());
  for (const table of [
    'grid_reports',
    'grid_work_items',
    'grid_plans',
    'grid_uploads',
    'idempotency_keys',
  ] as const) {
    await t.db.kysely.deleteFrom(table).execute();
  }
});

const as = (username: string) => t.login(username);
const iso = (offsetMs = 0) => new Date(t.deps.clock().getTime() + offsetMs).toISOString();

function upload(c: Client, data: Buffer | string, clientKey?: string, headers: Record<string, string> = {}) {
  const parts = [{ name: 'file', filename: 'p.png', type: 'image/png', data }];
  const body = multipart(clientKey ? [{ name: 'clientKey', data: clientKey }, ...parts] : parts);
  return c.request({
    method: 'POST',
    url: '/api/grid/uploads',
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}

function visit(overrides: Record<string, unknown> = {}) {
  return {
    clientKey: randomUUID(),
    kind: 'visit',
    occurredAt: iso(-HOUR),
    place: '3组 王家',
    note: '入户走访，了解家庭情况',
    position: { lat: 37.33, lng: 116.57, accuracy: 12 },
    ...overrides,
  };
}

async function workRows() {
  return t.db.kysely.selectFrom('grid_work_items').selectAll().execute();
}

describe('photos', () => {
  it('stores a photo once per client key and shows it to those who may see its grid', async () => {
    const worker = await as('grid.shentou');
    const key = randomUUID();
    const first = await upload(worker, PNG, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload(worker, PNG, key);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const id: string = first.json().id;

    for (const who of ['grid.shentou', 'security.shentou', 'dispatcher.shentou', 'leader.lingcheng']) {
      const res = await (await as(who)).get(`/api/grid/uploads/${id}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.rawPayload.equals(PNG)).toBe(true);
    }
    for (const who of ['dispatcher.xinhu', 'dept.shentou', 'grid.xinhu']) {
      expect((await (await as(who)).get(`/api/grid/uploads/${id}`)).statusCode, who).toBe(404);
    }
  });

  it('refuses what is not a photo, a reused key, a missing key, an oversize file and non-workers', async () => {
    const worker = await as('grid.shentou');
    const key = randomUUID();
    expect((await upload(worker, PNG, key)).statusCode).toBe(201);
    await expectRefused(t, (h) => upload(worker, Buffer.concat([PNG, Buffer.from('x')]), key, h), {
      status: 422,
      code: 'grid.client_key_reused',
    });
    await expectRefused(
      t,
      (h) =>
        worker.request({
          method: 'POST',
          url: '/api/grid/uploads',
          ...(() => {
            const b = multipart([
              { name: 'clientKey', data: randomUUID() },
              { name: 'file', filename: 'a.pdf', type: 'image/png', data: '%PDF-1.4 nothing' },
            ]);
            return { payload: b.payload, headers: { ...b.headers, ...h } };
          })(),
        }),
      { status: 422, code: 'grid.bad_photo_type', en: /photos/ },
    );
    const send = (data: Buffer, clientKey?: string) => (h: Record<string, string>) => {
      const parts = [{ name: 'file', filename: 'p.png', type: 'image/png', data }];
      const b = multipart(clientKey ? [{ name: 'clientKey', data: clientKey }, ...parts] : parts);
      return worker.request({
        method: 'POST',
        url: '/api/grid/uploads',
        payload: b.payload,
        headers: { ...b.headers, ...h },
      });
    };
    await expectRefused(t, send(PNG), { status: 400, code: 'grid.client_key_required' });
    await expectRefused(t, send(PNG, 'not-a-uuid'), { status: 400, code: 'grid.client_key_required' });
    const big = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
    await expectRefused(t, send(big, randomUUID()), {
      status: 413,
      code: 'grid.photo_too_large',
      en: /256 KB/,
    });
    for (const who of ['dispatcher.shentou', 'dept.shentou', 'sysadmin']) {
      const c = await as(who);
      const b = multipart([
        { name: 'clientKey', data: randomUUID() },
        { name: 'file', filename: 'p.png', type: 'image/png', data: PNG },
      ]);
      const res = await c.request({ method: 'POST', url: '/api/grid/uploads', ...b });
      expect(res.statusCode, who).toBe(403);
    }
    const anon = t.anonymous();
    const b = multipart([{ name: 'file', filename: 'p.png', type: 'image/png', data: PNG }]);
    expect((await anon.request({ method: 'POST', url: '/api/grid/uploads', ...b })).statusCode).toBe(401);
  });
});

describe('work items', () => {
  it('logs a visit in the worker’s grid and answers a retry with the same item', async () => {
    const worker = await as('grid.shentou');
    const key = randomUUID();
    const photo = (await upload(worker, PNG, randomUUID())).json().id as string;
    const body = visit({ clientKey: key, photoIds: [photo] });
    const res = await worker.post('/api/grid/work-items', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'visit',
      regionCode: grid,
      note: body.note,
      place: '3组****',
      photoIds: [photo],
      position: { lat: 37.33, lng: 116.57, accuracy: 12 },
      patrol: null,
    });
    expect(res.json().regionName).toEqual(expect.any(String));
    const again = await worker.post('/api/grid/work-items', body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(res.json());
    const rows = await workRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      county_code: grid.slice(0, 6),
      client_key: key,
      place_masked: '3组****',
    });
    // the place (a household) is kept encrypted, never in clear
    expect(rows[0]!.place_enc!.includes(Buffer.from('王家'))).toBe(false);
    expect(t.deps.crypto.decrypt('address', rows[0]!.place_enc!)).toBe('3组 王家');
  });

  it('records concurrent retries of one submission exactly once', async () => {
    const worker = await as('security.shentou');
    const body = {
      ...visit(),
      kind: 'patrol',
      patrol: {
        route: '村东—村西—集市',
        places: ['集市', '村委会'],
        findings: [{ text: '路灯不亮', action: '已报村委会维修' }],
      },
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => worker.post('/api/grid/work-items', body)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(results[0]!.json().patrol).toEqual(body.patrol);
    expect(await workRows()).toHaveLength(1);
  });

  it('refuses bad input with readable messages and writes nothing', async () => {
    const worker = await as('grid.shentou');
    const post = (b: unknown) => (h: Record<string, string>) => worker.post('/api/grid/work-items', b, h);
    await expectRefused(t, post({ ...visit(), note: undefined }), { status: 400, en: /note/ });
    await expectRefused(t, post(visit({ kind: 'party' })), { status: 400, en: /kind/ });
    await expectRefused(t, post(visit({ clientKey: 'abc' })), { status: 400, en: /clientKey/ });
    await expectRefused(t, post(visit({ occurredAt: iso(HOUR) })), {
      status: 422,
      code: 'grid.occurred_future',
    });
    await expectRefused(t, post(visit({ occurredAt: iso(-31 * DAY) })), {
      status: 422,
      code: 'grid.occurred_too_old',
    });
    await expectRefused(t, post(visit({ patrol: { route: '村东' } })), {
      status: 422,
      code: 'grid.patrol_only',
    });
    await expectRefused(t, post(visit({ photoIds: [randomUUID()] })), {
      status: 422,
      code: 'grid.unknown_photo',
    });
    await expectRefused(t, post(visit({ taskId: randomUUID() })), { status: 422, code: 'grid.unknown_task' });
    await expectRefused(t, post(visit({ regionCode: otherGrid })), {
      status: 403,
      code: 'grid.out_of_scope',
      en: /outside your scope/,
    });
    // another worker's photo
    const other = await as('security.shentou');
    const photo = (await upload(other, PNG, randomUUID())).json().id as string;
    await expectRefused(t, post(visit({ photoIds: [photo] })), { status: 422, code: 'grid.unknown_photo' });
    // one key, another body
    const key = randomUUID();
    expect((await worker.post('/api/grid/work-items', visit({ clientKey: key }))).statusCode).toBe(201);
    await expectRefused(t, post(visit({ clientKey: key, note: '另一条' })), {
      status: 422,
      code: 'grid.client_key_reused',
    });
  });

  it('lets only grid workers and security members log work', async () => {
    for (const who of [
      'dispatcher.shentou',
      'clerk.shentou',
      'leader.shentou',
      'dept.shentou',
      'sysadmin',
      'auditor',
    ]) {
      const res = await (await as(who)).post('/api/grid/work-items', visit({ regionCode: grid }));
      expect(res.statusCode, who).toBe(403);
    }
    const resident = await t.resident('13800000001');
    expect((await resident.post('/api/grid/work-items', visit())).statusCode).toBe(403);
    expect((await t.anonymous().post('/api/grid/work-items', visit())).statusCode).toBe(401);
    expect(await workRows()).toHaveLength(0);
  });

  it('lists newest first within scope, with keyset paging and filters', async () => {
    const worker = await as('grid.shentou');
    const security = await as('security.shentou');
    for (let i = 0; i < 5; i++) {
      const res = await worker.post(
        '/api/grid/work-items',
        visit({ occurredAt: iso(-(i + 1) * HOUR), note: `n${i}` }),
      );
      expect(res.statusCode).toBe(201);
    }
    await security.post('/api/grid/work-items', visit({ kind: 'outreach', occurredAt: iso(-30 * 60_000) }));
    await (await as('grid.xinhu')).post('/api/grid/work-items', visit());

    // a worker without filters: their own, newest first, two at a time
    const notes: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await worker.get(`/api/grid/work-items?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      notes.push(...res.json().items.map((i: { note: string }) => i.note));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(notes).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);

    // the grid: both workers; the township dispatcher: the same six; the county: the same
    const inGrid = await worker.get(`/api/grid/work-items?region=${grid}&limit=100`);
    expect(inGrid.json().items).toHaveLength(6);
    for (const who of ['dispatcher.shentou', 'clerk.shentou', 'leader.lingcheng', 'supervisor.dezhou']) {
      const res = await (await as(who)).get('/api/grid/work-items?limit=100');
      expect(res.statusCode, who).toBe(200);
      expect(res.json().items.length, who).toBe(who === 'supervisor.dezhou' ? 7 : 6);
    }
    const dispatcher = await as('dispatcher.shentou');
    const outreach = await dispatcher.get('/api/grid/work-items?kind=outreach');
    expect(outreach.json().items.map((i: { kind: string }) => i.kind)).toEqual(['outreach']);
    const period = await dispatcher.get(
      `/api/grid/work-items?from=${encodeURIComponent(iso(-2.5 * HOUR))}&to=${encodeURIComponent(iso(-HOUR / 2))}`,
    );
    expect(period.json().items.map((i: { note: string }) => i.note)).toEqual(['n0', 'n1']);
    const byWorker = await dispatcher.get(
      `/api/grid/work-items?worker=${inGrid.json().items[0].workerId}&limit=100`,
    );
    expect(byWorker.json().items).toHaveLength(1);

    // outside one's scope, and roles without grid reading
    await expectRefused(t, (h) => worker.get(`/api/grid/work-items?region=${otherGrid}`, h), {
      status: 403,
      code: 'grid.out_of_scope',
    });
    await expectRefused(t, (h) => dispatcher.get('/api/grid/work-items?region=371402', h), {
      status: 403,
      code: 'grid.out_of_scope',
    });
    await expectRefused(t, (h) => dispatcher.get('/api/grid/work-items?cursor=bm9wZQ', h), {
      status: 400,
      code: 'grid.bad_cursor',
    });
    await expectRefused(t, (h) => dispatcher.get('/api/grid/work-items?limit=500', h), { status: 400 });
    for (const who of ['dept.shentou', 'mediator.shentou', 'sysadmin', 'auditor']) {
      expect((await (await as(who)).get('/api/grid/work-items')).statusCode, who).toBe(403);
    }
  });
});

describe('plans and today’s tasks', () => {
  it('counts the worker’s own items of the plan’s kind in the current period', async () => {
    const dispatcher = await as('dispatcher.shentou');
    const weekly = await dispatcher.post('/api/grid/plans', {
      regionCode: '371403105',
      kind: 'visit',
      title: '每周入户走访',
      every: 'week',
      count: 3,
    });
    expect(weekly.statusCode, weekly.body).toBe(201);
    const daily = await dispatcher.post('/api/grid/plans', {
      regionCode: grid,
      kind: 'patrol',
      title: '每日巡查',
      every: 'day',
      count: 1,
    });
    expect(daily.statusCode).toBe(201);
    // another township's plan does not bind this grid
    await (
      await as('dispatcher.xinhu')
    ).post('/api/grid/plans', {
      regionCode: '371402001',
      kind: 'visit',
      title: '走访',
      every: 'day',
      count: 9,
    });

    // T0 is Sunday 15 March 2026, 09:30 CST: the week began on Monday 9 March
    const worker = await as('grid.shentou');
    await worker.post('/api/grid/work-items', visit({ occurredAt: iso(-HOUR) }));
    await worker.post('/api/grid/work-items', visit({ occurredAt: iso(-3 * DAY) }));
    await worker.post('/api/grid/work-items', visit({ occurredAt: iso(-7 * DAY) })); // last week
    await worker.post('/api/grid/work-items', visit({ kind: 'outreach', occurredAt: iso(-HOUR) }));
    await (await as('security.shentou')).post('/api/grid/work-items', visit({ occurredAt: iso(-HOUR) }));

    const res = await worker.get('/api/grid/tasks/today');
    expect(res.statusCode, res.body).toBe(200);
    const tasks = res.json() as {
      planId: string;
      required: number;
      done: number;
      period: { from: string };
    }[];
    expect(tasks).toHaveLength(2);
    const week = tasks.find((x) => x.planId === weekly.json().id)!;
    expect(week).toMatchObject({ kind: 'visit', required: 3, done: 2 });
    expect(week.period).toEqual({ from: '2026-03-08T16:00:00.000Z', to: '2026-03-15T16:00:00.000Z' });
    expect(tasks.find((x) => x.planId === daily.json().id)).toMatchObject({ required: 1, done: 0 });

    // a patrol logged against the task counts
    const security = await as('security.shentou');
    const patrol = await security.post(
      '/api/grid/work-items',
      visit({ kind: 'patrol', taskId: daily.json().id, patrol: { route: '全村' } }),
    );
    expect(patrol.statusCode, patrol.body).toBe(201);
    expect(patrol.json().planId).toBe(daily.json().id);
    const own = (await security.get('/api/grid/tasks/today')).json() as { planId: string; done: number }[];
    expect(own.find((x) => x.planId === daily.json().id)!.done).toBe(1);

    for (const who of ['dispatcher.shentou', 'dept.shentou', 'sysadmin']) {
      expect((await (await as(who)).get('/api/grid/tasks/today')).statusCode, who).toBe(403);
    }
  });

  it('are set by a dispatcher within scope, listed, and deleted', async () => {
    const dispatcher = await as('dispatcher.shentou');
    const body = {
      regionCode: grid.slice(0, 12),
      kind: 'collection',
      title: '信息采集',
      every: 'month',
      count: 20,
    };
    const plan = await dispatcher.post('/api/grid/plans', body);
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json()).toMatchObject({ ...body, regionName: expect.any(String) });

    const county = await (await as('dispatcher.lingcheng')).get('/api/grid/plans');
    expect(county.json().map((p: { id: string }) => p.id)).toEqual([plan.json().id]);
    const worker = await (await as('grid.shentou')).get('/api/grid/plans');
    expect(worker.json().map((p: { id: string }) => p.id)).toEqual([plan.json().id]);
    expect((await (await as('grid.xinhu')).get('/api/grid/plans')).json()).toEqual([]);

    const post = (c: Client, b: unknown) => (h: Record<string, string>) => c.post('/api/grid/plans', b, h);
    await expectRefused(t, post(dispatcher, { ...body, regionCode: '371402001' }), {
      status: 403,
      code: 'grid.out_of_scope',
    });
    await expectRefused(t, post(await as('dispatcher.lingcheng'), { ...body, regionCode: '371403' }), {
      status: 422,
      code: 'grid.plan_level',
    });
    await expectRefused(t, post(dispatcher, { ...body, count: 0 }), { status: 400, en: /count/ });
    await expectRefused(t, post(dispatcher, { ...body, every: 'year' }), { status: 400, en: /every/ });
    for (const who of ['grid.shentou', 'clerk.shentou', 'leader.shentou', 'dept.shentou', 'sysadmin']) {
      expect((await (await as(who)).post('/api/grid/plans', body)).statusCode, who).toBe(403);
    }

    const del = (who: Client) => who.request({ method: 'DELETE', url: `/api/grid/plans/${plan.json().id}` });
    expect((await del(await as('dispatcher.xinhu'))).statusCode).toBe(404);
    expect((await del(await as('clerk.shentou'))).statusCode).toBe(403);
    expect((await del(dispatcher)).statusCode).toBe(204);
    expect((await del(dispatcher)).statusCode).toBe(404);
    expect(await t.db.kysely.selectFrom('grid_plans').selectAll().execute()).toEqual([]);
  });
});

describe('monthly partitions', () => {
  const partitions = async () =>
    (
      await sql<{ name: string }>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'grid_work_items'::regclass order by 1`.execute(t.db.kysely)
    ).rows.map((r) => r.name);

  it('the daily sweep creates this month’s and the next three months’ partitions, once', async () => {
    const before = await partitions();
    expect(before).toContain('grid_work_items_202401');
    expect(before).toContain('grid_work_items_202712');
    expect(before).toContain('grid_work_items_default');
    const at = (iso: string) => ({ db: t.db, clock: () => new Date(iso) });
    expect(await sweepGridPartitions(at('2027-11-20T04:00:00Z'))).toEqual({ created: 2 });
    expect(await sweepGridPartitions(at('2027-11-20T04:00:00Z'))).toEqual({ created: 0 });
    expect((await partitions()).filter((p) => p.startsWith('grid_work_items_2028'))).toEqual([
      'grid_work_items_202801',
      'grid_work_items_202802',
    ]);
  });

  it('a month whose rows sit in the default partition is skipped, the others are made', async () => {
    const worker = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'grid.shentou')
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('grid_work_items')
      .values({
        county_code: grid.slice(0, 6),
        id: randomUUID(),
        occurred_at: new Date('2028-05-10T02:00:00Z'),
        region_code: grid,
        worker_id: worker.id,
        kind: 'visit',
        recorded_at: new Date('2028-05-10T02:00:00Z'),
        latitude: null,
        longitude: null,
        accuracy_m: null,
        place_masked: null,
        place_enc: null,
        note: '落在默认分区',
        patrol: null,
        plan_id: null,
        client_key: randomUUID(),
      })
      .execute();
    const made = await sweepGridPartitions({ db: t.db, clock: () => new Date('2028-04-02T00:00:00Z') });
    expect(made).toEqual({ created: 3 }); // April, June, July; May stays in the default partition
    const names = await partitions();
    expect(names).toContain('grid_work_items_202804');
    expect(names).not.toContain('grid_work_items_202805');
    expect(names).toContain('grid_work_items_202807');
    const rows = await sql<{ part: string }>`
      select tableoid::regclass::text as part from grid_work_items where note = '落在默认分区'`.execute(
      t.db.kysely,
    );
    expect(rows.rows.map((r) => r.part.replace(/^.*\./, ''))).toEqual(['grid_work_items_default']);
  });
});
