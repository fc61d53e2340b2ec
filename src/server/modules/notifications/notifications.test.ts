import path from 'node:path';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { withTransaction } from '../../db/transaction.js';
import { handleCaseEvent } from './case-events.js';
import { deliverNotification, processNotifyJob } from './deliver.js';
import { enqueueNotification, NOTIFY_QUEUE, type NotifyJob } from './enqueue.js';
import { DevSmsProvider, devSmsLogFile, type Providers, type SmsMessage } from './providers.js';

let t: TestApp;
let clerk: Client;
let dispatcher: Client;
let mediator: Client;
let dev: DevSmsProvider;
let providers: Providers;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  dispatcher = await t.login('dispatcher.shentou');
  mediator = await t.login('mediator.shentou');
  dev = new DevSmsProvider(devSmsLogFile(t.deps.config), t.deps.clock, () => undefined);
  providers = { sms: dev, mailer: null, fetch };
});
afterAll(async () => t?.close());

async function notifyJobsFor(id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(`${t.db.jobSchema}.job`)}
    where name = ${NOTIFY_QUEUE} and data->>'id' = ${id}`.execute(t.db.kysely);
  return rows[0]!.n;
}

async function fetchJob(id: string): Promise<PgBoss.JobWithMetadata<NotifyJob>> {
  const jobs = await t.jobs.boss.fetch<NotifyJob>(NOTIFY_QUEUE, { includeMetadata: true, batchSize: 100 });
  const job = jobs.find((j) => j.data.id === id);
  expect(job, `a notify job for ${id}`).toBeDefined();
  return job!;
}

const sms = (phone: string, dedupeKey: string) => ({
  channel: 'sms' as const,
  to: phone,
  template: 'case_step',
  params: { caseNo: 'X-1', step: '已受理', link: 'http://localhost:3000/m/cases/x' },
  dedupeKey,
});

describe('a notification exists if and only if its change committed', () => {
  it('a rolled-back transaction leaves neither the notification nor its job', async () => {
    let id: string | null = null;
    await expect(
      withTransaction(t.db, async (trx) => {
        id = (await enqueueNotification(trx, t.deps, sms('13812345678', 'test:rollback'))).id;
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(id).not.toBeNull();
    expect(
      await t.db.kysely.selectFrom('notifications').select('id').where('id', '=', id!).execute(),
    ).toEqual([]);
    expect(await notifyJobsFor(id!)).toBe(0);
  });

  it('a committed one has exactly one job; the same dedupe key again enqueues nothing', async () => {
    const first = await withTransaction(t.db, (trx) =>
      enqueueNotification(trx, t.deps, sms('13812345678', 'test:commit')),
    );
    expect(first.created).toBe(true);
    expect(await notifyJobsFor(first.id!)).toBe(1);
    const again = await withTransaction(t.db, (trx) =>
      enqueueNotification(trx, t.deps, sms('13812345678', 'test:commit')),
    );
    expect(again).toEqual({ id: null, created: false });
    expect(await notifyJobsFor(first.id!)).toBe(1);
    // the job carries an id only; the phone is sealed in the table
    const job = await fetchJob(first.id!);
    expect(job.data).toEqual({ id: first.id });
    expect(job.retryLimit).toBeGreaterThan(0);
    expect(job.retryBackoff).toBe(true);
  });
});

describe('delivery is at least once, deduplicated by the provider', () => {
  it('a worker crash between send and mark re-sends with the same dedupe key; the dev provider delivers once', async () => {
    const { id } = await withTransaction(t.db, (trx) =>
      enqueueNotification(trx, t.deps, sms('13955556666', 'test:crash')),
    );
    const job = await fetchJob(id!);
    const seen: SmsMessage[] = [];
    const crashing: Providers = {
      ...providers,
      sms: {
        name: 'dev',
        send: async (m) => {
          seen.push(m);
          await dev.send(m);
          throw new Error('worker killed after the provider accepted');
        },
      },
    };
    await expect(processNotifyJob(t.deps, crashing, job)).rejects.toThrow('worker killed');
    const pending = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: expect.stringContaining('killed'),
    });

    // the retry, in a fresh process: a new provider instance reads the log it left behind
    const restarted = new DevSmsProvider(dev.file, t.deps.clock, () => undefined);
    const retry: Providers = {
      ...providers,
      sms: {
        name: 'dev',
        send: (m) => {
          seen.push(m);
          return restarted.send(m);
        },
      },
    };
    expect(await processNotifyJob(t.deps, retry, job)).toBe('duplicate');
    expect(seen.map((m) => m.dedupeKey)).toEqual(['test:crash', 'test:crash']);
    const logged = (await restarted.entries()).filter((e) => e.dedupeKey === 'test:crash');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ to: '13955556666', note: expect.stringContaining('DEVELOPMENT') });
    const sent = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, provider: 'dev', last_error: null });
    // a late duplicate of the job does nothing
    expect(await deliverNotification(t.deps, providers, id!)).toBe('already');
  });

  it('the log file sits in the data folder, and the last attempt marks a failure', async () => {
    expect(dev.file).toBe(path.join(t.deps.config.dataDir, 'outbox', 'sms.log'));
    const { id } = await withTransaction(t.db, (trx) =>
      enqueueNotification(trx, t.deps, sms('13955557777', 'test:fail')),
    );
    const broken: Providers = {
      ...providers,
      sms: {
        name: 'http',
        send: async () => {
          throw new Error('SMS gateway answered 503');
        },
      },
    };
    await expect(deliverNotification(t.deps, broken, id!, { final: true })).rejects.toThrow('503');
    const row = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('e-mail is skipped while no SMTP server is configured', async () => {
    const { id } = await withTransaction(t.db, (trx) =>
      enqueueNotification(trx, t.deps, {
        channel: 'email',
        to: 'someone@example.cn',
        template: 'message',
        params: { subject: '测试', text: '正文' },
        dedupeKey: 'test:mail',
      }),
    );
    expect(await deliverNotification(t.deps, providers, id!)).toBe('skipped');
  });
});

describe('each step of a resident’s case reaches them by SMS; units hear of it in the bell', () => {
  it('fans a case event out once, however often its job runs', async () => {
    const reg = await clerk.post('/api/cases', buildRegistration());
    expect(reg.statusCode).toBe(201);
    const c = reg.json();
    const first = await handleCaseEvent(t.deps, { caseId: c.id, seq: 1, action: 'register' });
    expect(first).toEqual({ sms: 1, inapp: 0, webhook: 0 });
    expect(await handleCaseEvent(t.deps, { caseId: c.id, seq: 1, action: 'register' })).toEqual({
      sms: 0,
      inapp: 0,
      webhook: 0,
    });

    const people = await t.unitId('371403105-people-mediation');
    const assigned = await dispatcher.post(`/api/cases/${c.id}/transitions`, {
      version: 1,
      action: 'assign',
      unitId: people,
      note: '内部备注：不要告诉当事人',
    });
    expect(assigned.statusCode).toBe(200);
    expect(await handleCaseEvent(t.deps, { caseId: c.id, seq: 2, action: 'assign' })).toEqual({
      sms: 1,
      inapp: 1,
      webhook: 0,
    });

    // deliver the two SMS: to the applicant only (the respondent's phone gets nothing)
    const rows = await t.db.kysely
      .selectFrom('notifications')
      .select(['id', 'dedupe_key'])
      .where('case_id', '=', c.id)
      .orderBy('dedupe_key')
      .execute();
    expect(rows.map((r) => r.dedupe_key)).toEqual([
      expect.stringMatching(new RegExp(`^case:${c.id}:1:sms:`)),
      expect.stringMatching(new RegExp(`^case:${c.id}:2:sms:`)),
    ]);
    for (const r of rows) expect(await deliverNotification(t.deps, providers, r.id)).toBe('sent');
    const texts = (await dev.entries()).filter((e) => e.text.includes(c.caseNo));
    expect(texts.map((e) => e.to)).toEqual(['13812345678', '13812345678']);
    expect(texts[0]!.text).toBe(
      `【一门】您的诉求（编号 ${c.caseNo}）诉求已登记，由陵城区神头镇综治中心负责。查看进度：http://localhost:3000/m/cases/${c.id}`,
    );
    expect(texts[1]!.text).toContain('已分派至');
    expect(texts[1]!.text).not.toContain('内部备注');

    // the development outbox shows the same messages to that phone
    const outbox = await t.anonymous().get('/api/dev/outbox?phone=13812345678');
    expect(outbox.json().messages[0]).toMatchObject({ template: 'case_step', status: 'sent', code: null });

    // the assigned unit's bell rings; the center's does not
    const bell = await mediator.get('/api/notifications');
    expect(bell.statusCode).toBe(200);
    expect(bell.json()).toMatchObject({
      unreadCount: 1,
      items: [{ kind: 'case_assigned', caseId: c.id, caseNo: c.caseNo, read: false }],
    });
    expect(bell.json().items[0].text).toBe(`案件 ${c.caseNo} 已交由本单位办理，请及时受理。`);
    const en = await mediator.get('/api/notifications', { 'accept-language': 'en' });
    expect(en.json().items[0].text).toBe(`Case ${c.caseNo} was assigned to your unit; please accept it.`);
    expect((await clerk.get('/api/notifications')).json().items).toEqual([]);
  });

  it('a withdrawal reaches the lead unit; read marks are per user', async () => {
    const resident = await t.resident('13712340000');
    const reg = await resident.post(
      '/api/cases',
      buildRegistration({
        channel: 'qr',
        privacyNoticeVersion: '2026-01',
        parties: [{ role: 'applicant', name: '周一', phone: '13712340000' }],
      }),
    );
    expect(reg.statusCode, reg.body).toBe(201);
    const c = reg.json();
    const w = await resident.post(`/api/cases/${c.id}/transitions`, {
      version: 1,
      action: 'withdraw',
      reason: '和解',
    });
    expect(w.statusCode).toBe(200);
    expect(await handleCaseEvent(t.deps, { caseId: c.id, seq: 2, action: 'withdraw' })).toEqual({
      sms: 1,
      inapp: 1,
      webhook: 0,
    });
    const center = (await clerk.get('/api/notifications?unread=true')).json();
    expect(center.items.map((i: { kind: string }) => i.kind)).toEqual(['case_withdrawn']);
    const entry = center.items[0].id;

    const read = await clerk.post(`/api/notifications/${entry}/read`);
    expect(read.statusCode).toBe(204);
    expect((await clerk.get('/api/notifications')).json()).toMatchObject({
      unreadCount: 0,
      items: [{ read: true }],
    });
    // the dispatcher of the same center has not read it
    expect((await dispatcher.get('/api/notifications')).json().unreadCount).toBe(1);
    expect((await dispatcher.post('/api/notifications/read-all')).json()).toEqual({ marked: 1 });
    expect((await dispatcher.post('/api/notifications/read-all')).json()).toEqual({ marked: 0 });
    expect((await dispatcher.get('/api/notifications')).json().unreadCount).toBe(0);

    // someone else's entry is not found; a resident or visitor has no bell
    await expectRefused(t, (h) => mediator.post(`/api/notifications/${entry}/read`, undefined, h), {
      status: 404,
    });
    await expectRefused(t, (h) => clerk.post('/api/notifications/not-a-uuid/read', undefined, h), {
      status: 400,
      en: /id/,
    });
    await expectRefused(t, (h) => clerk.get('/api/notifications?limit=500', h), { status: 400, en: /limit/ });
    await expectRefused(t, (h) => resident.get('/api/notifications', h), { status: 401 });
    await expectRefused(t, (h) => t.anonymous().get('/api/notifications', h), { status: 401 });
  });
});
