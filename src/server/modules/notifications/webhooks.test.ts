import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { handleCaseEvent } from './case-events.js';
import { deliverNotification } from './deliver.js';
import {
  DevSmsProvider,
  devSmsLogFile,
  signWebhook,
  verifyWebhookSignature,
  type Providers,
} from './providers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let t: TestApp;
let admin: Client;
let clerk: Client;
let server: Server;
let base: string;
let providers: Providers;
const received: Received[] = [];
let answer = 200;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('sysadmin');
  clerk = await t.login('clerk.shentou');
  providers = {
    sms: new DevSmsProvider(devSmsLogFile(t.deps.config), t.deps.clock, () => undefined),
    mailer: null,
    fetch,
  };
  // a subscriber on the loopback address
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

describe('webhook signatures', () => {
  const now = new Date('2026-03-15T01:30:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  const body = '{"event":"case.register"}';

  it('verify for the body and timestamp signed, and for nothing else', () => {
    const signature = signWebhook('s3cret', ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: ts, signature, now })).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: 's3cret',
        body: body.replace('register', 'archive'),
        timestamp: ts,
        signature,
        now,
      }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret: 'other', body, timestamp: ts, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: ts + 1, signature, now })).toBe(false);
    // a replay ten minutes later is refused
    const later = new Date(now.getTime() + 600_000);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: ts, signature, now: later })).toBe(
      false,
    );
  });
});

describe('webhook subscriptions (system administrator)', () => {
  it('a subscriber receives each chosen event, signed, without personal data', async () => {
    const created = await admin.post('/api/webhooks', {
      name: '12345 热线平台',
      url: `${base}/yimen`,
      events: ['register', 'assign'],
      regionPrefix: '371403',
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json();
    expect(sub).toMatchObject({ events: ['register', 'assign'], active: true, secret: expect.any(String) });
    expect(JSON.stringify((await admin.get('/api/webhooks')).json())).not.toContain(sub.secret);

    const reg = await clerk.post('/api/cases', buildRegistration());
    const c = reg.json();
    expect(await handleCaseEvent(t.deps, { caseId: c.id, seq: 1, action: 'register' })).toMatchObject({
      webhook: 1,
    });
    const n = await t.db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('channel', '=', 'webhook')
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(await deliverNotification(t.deps, providers, n.id)).toBe('sent');
    const got = received.at(-1)!;
    expect(got.headers['x-yimen-event']).toBe('case.register');
    expect(got.headers['x-yimen-delivery']).toBe(`case:${c.id}:1:webhook:${sub.id}`);
    const timestamp = got.headers['x-yimen-timestamp'] as string;
    const signature = got.headers['x-yimen-signature'] as string;
    expect(
      verifyWebhookSignature({
        secret: sub.secret,
        body: got.body,
        timestamp,
        signature,
        now: t.deps.clock(),
      }),
    ).toBe(true);
    const tampered = got.body.replace(c.caseNo, '371403105-20260315-9999');
    expect(
      verifyWebhookSignature({
        secret: sub.secret,
        body: tampered,
        timestamp,
        signature,
        now: t.deps.clock(),
      }),
    ).toBe(false);
    const payload = JSON.parse(got.body);
    expect(payload).toMatchObject({
      id: n.id,
      event: 'case.register',
      data: { caseId: c.id, caseNo: c.caseNo, action: 'register', toState: 'registered', seq: 1 },
    });
    for (const pii of ['13812345678', '张三', '李四', '邻居在通道']) expect(got.body).not.toContain(pii);

    // an event not chosen, or a case outside the prefix, is not sent
    const declined = await clerk.post(`/api/cases/${c.id}/transitions`, {
      version: 1,
      action: 'decline',
      legalGround: '不属于受理范围',
      guidance: 'litigation',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    // the event is there (its SMS goes out) but no subscriber chose it
    expect(await handleCaseEvent(t.deps, { caseId: c.id, seq: 2, action: 'decline' })).toEqual({
      sms: 1,
      inapp: 0,
      webhook: 0,
    });
    const qihe = await t.login('clerk.qihe');
    const far = await qihe.post('/api/cases', buildRegistration({ regionCode: '371425002004' }));
    expect(far.statusCode, far.body).toBe(201);
    expect(
      await handleCaseEvent(t.deps, { caseId: far.json().id, seq: 1, action: 'register' }),
    ).toMatchObject({ webhook: 0 });
  });

  it('a failing subscriber is retried (the job throws); a removed one is skipped', async () => {
    const sub = (
      await admin.post('/api/webhooks', { name: 'flaky', url: `${base}/flaky`, events: ['*'] })
    ).json();
    const c = (await clerk.post('/api/cases', buildRegistration())).json();
    await handleCaseEvent(t.deps, { caseId: c.id, seq: 1, action: 'register' });
    const n = await t.db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('dedupe_key', '=', `case:${c.id}:1:webhook:${sub.id}`)
      .executeTakeFirstOrThrow();
    answer = 500;
    await expect(deliverNotification(t.deps, providers, n.id)).rejects.toThrow('500');
    answer = 200;
    expect(await deliverNotification(t.deps, providers, n.id)).toBe('sent');

    const c2 = (await clerk.post('/api/cases', buildRegistration())).json();
    await handleCaseEvent(t.deps, { caseId: c2.id, seq: 1, action: 'register' });
    expect((await admin.request({ method: 'DELETE', url: `/api/webhooks/${sub.id}` })).statusCode).toBe(204);
    const n2 = await t.db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('dedupe_key', '=', `case:${c2.id}:1:webhook:${sub.id}`)
      .executeTakeFirstOrThrow();
    expect(await deliverNotification(t.deps, providers, n2.id)).toBe('skipped');
  });

  it('changes a subscription, audited', async () => {
    const sub = (
      await admin.post('/api/webhooks', { name: 'a', url: `${base}/a`, events: ['conclude'] })
    ).json();
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/webhooks/${sub.id}`,
      payload: { active: false, events: ['conclude', 'archive'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, events: ['conclude', 'archive'] });
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', sub.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update']);
  });

  it('refuses others and bad input in both languages, writing nothing', async () => {
    const body = { name: 'x', url: `${base}/x`, events: ['register'] };
    await expectRefused(t, (h) => clerk.post('/api/webhooks', body, h), { status: 403 });
    await expectRefused(t, (h) => clerk.get('/api/webhooks', h), { status: 403 });
    await expectRefused(t, (h) => t.anonymous().post('/api/webhooks', body, h), { status: 401 });
    await expectRefused(t, (h) => admin.post('/api/webhooks', { ...body, url: 'ftp://example.cn/x' }, h), {
      status: 422,
      code: 'webhook.bad_url',
      en: /https URL/,
    });
    await expectRefused(
      t,
      (h) => admin.post('/api/webhooks', { ...body, url: 'https://u:p@example.cn/x' }, h),
      {
        status: 422,
        code: 'webhook.bad_url',
      },
    );
    await expectRefused(t, (h) => admin.post('/api/webhooks', { ...body, events: ['explode'] }, h), {
      status: 422,
      code: 'webhook.unknown_event',
      en: /"explode"/,
    });
    await expectRefused(t, (h) => admin.post('/api/webhooks', { ...body, regionPrefix: 'abc' }, h), {
      status: 422,
      code: 'webhook.bad_region',
    });
    await expectRefused(t, (h) => admin.post('/api/webhooks', { name: 'x', url: `${base}/x` }, h), {
      status: 400,
      en: /events/,
    });
    await expectRefused(t, (h) => admin.post('/api/webhooks', { ...body, events: [] }, h), { status: 400 });
    const missing = '0195f000-0000-7000-8000-0000000000ff';
    await expectRefused(
      t,
      (h) =>
        admin.request({
          method: 'PATCH',
          url: `/api/webhooks/${missing}`,
          payload: { active: true },
          headers: h,
        }),
      { status: 404 },
    );
    await expectRefused(
      t,
      (h) => admin.request({ method: 'DELETE', url: `/api/webhooks/${missing}`, headers: h }),
      {
        status: 404,
      },
    );
  });
});
