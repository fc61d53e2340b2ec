// Warnings raised at intake, from every channel, inside the registration's transaction: a
// high-risk case (a threat, with the words that fired) and repeats of the same person, found by ID
// number, phone or name by pinyin across channels, without ever comparing clear personal data.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';
import { PRIVACY_NOTICE } from '../resident/privacy-notice.js';
import { connectSse, type SseClient } from '../live/test-sse-client.js';

let t: TestApp;
let base: string;
const streams: SseClient[] = [];

beforeAll(async () => {
  process.env.YIMEN_SSE_HEARTBEAT_MS = '100';
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of streams) s.close();
  delete process.env.YIMEN_SSE_HEARTBEAT_MS;
  await t?.close();
});

const THREAT = '邻居因宅前通道问题多次争吵，对方扬言要报复我们全家，还说要放火烧了我家房子。';
const warningsOf = async (who: Client, query = '') => {
  const res = await who.get(`/api/warnings${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Listed[];
};
type Listed = { id: string; kind: string; caseId: string; reasons: unknown[]; [k: string]: unknown };
const ofCase = (items: Listed[], kind: string, caseId: string) =>
  items.find((w) => w.kind === kind && w.caseId === caseId);

describe('a threat text registered at the window', () => {
  it('is raised as a red high-risk warning with its reasons, routed to the county, announced live', async () => {
    const county = await t.login('dispatcher.lingcheng');
    const liveCounty = await connectSse(base, county.cookie);
    const liveOther = await connectSse(base, (await t.login('dispatcher.decheng')).cookie);
    streams.push(liveCounty, liveOther);
    await liveCounty.waitFor((e) => e.event === 'ready');
    await liveOther.waitFor((e) => e.event === 'ready');

    const clerk = await t.login('clerk.shentou');
    // the form's default level is blue: the rules still raise it (a threat is never lost)
    const res = await clerk.post('/api/cases', buildRegistration({ description: THREAT, riskLevel: 'blue' }));
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().id as string;
    expect(res.json().riskLevel).toBe('red');

    // the suggestion and its reasons are kept with the registration in the ledger
    const event = await t.db.kysely
      .selectFrom('case_events')
      .select('payload')
      .where('case_id', '=', caseId)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    const payload = event.payload as {
      risk_level: string;
      triage: { risk: string; reasons: { rule: string }[] };
    };
    expect(payload.risk_level).toBe('red');
    expect(payload.triage.risk).toBe('red');
    expect(payload.triage.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(['category', 'threat']));

    const w = ofCase(await warningsOf(county), 'high_risk', caseId)!;
    expect(w).toMatchObject({
      severity: 'red',
      status: 'open',
      regionCode: '371403105200',
      levelCode: '371403',
      unitName: expect.stringContaining('综治中心'),
      caseNo: res.json().caseNo,
    });
    expect(w.reasons).toContainEqual({
      code: 'threat',
      level: 'red',
      words: expect.arrayContaining(['扬言', '报复']),
    });
    const announced = await liveCounty.waitFor(
      (e) => e.event === 'warning' && (e.data as { id: string }).id === w.id,
    );
    expect(announced.data).toMatchObject({
      kind: 'high_risk',
      severity: 'red',
      status: 'open',
      levelCode: '371403',
    });

    // the township sees it but the county acts on it; another county sees nothing
    const township = await t.login('dispatcher.shentou');
    expect((await township.get(`/api/warnings/${w.id}`)).json()).toMatchObject({
      mayAct: false,
      hiddenCases: 0,
    });
    expect((await county.get(`/api/warnings/${w.id}`)).json()).toMatchObject({
      mayAct: true,
      cases: [expect.objectContaining({ id: caseId, riskLevel: 'red' })],
      events: [expect.objectContaining({ action: 'raised', actorName: null })],
    });
    expect((await (await t.login('dispatcher.decheng')).get(`/api/warnings/${w.id}`)).statusCode).toBe(404);
    expect(liveOther.events.some((e) => e.event === 'warning')).toBe(false);
  });

  it('raises nothing for a plain case, and keeps a level chosen above the rules as a reason', async () => {
    const clerk = await t.login('clerk.shentou');
    const someone = (phone: string) => [{ role: 'applicant', name: '王芳', phone }];
    const plain = await clerk.post(
      '/api/cases',
      buildRegistration({ description: '楼上装修噪音大，影响休息。', parties: someone('13500001111') }),
    );
    expect(plain.json().riskLevel).toBe('blue');
    const county = await t.login('dispatcher.lingcheng');
    expect(
      (await warningsOf(county, `?case=${plain.json().id}`)).filter((w) => w.kind === 'high_risk'),
    ).toEqual([]);

    const chosen = await clerk.post(
      '/api/cases',
      buildRegistration({
        description: '楼上装修噪音大，影响休息。',
        riskLevel: 'orange',
        parties: someone('13500002222'),
      }),
    );
    const w = ofCase(await warningsOf(county, `?case=${chosen.json().id}`), 'high_risk', chosen.json().id)!;
    expect(w).toMatchObject({ severity: 'orange', levelCode: '371403105' });
    expect(w.reasons).toEqual([{ code: 'set_at_registration', level: 'orange' }]);
  });
});

describe('repeats across channels', () => {
  it('finds the same person by the pinyin of the name: 张伟 at the window, 张 伟 on the phone, ZHANG Wei from the hotline', async () => {
    const region = '371403104200'; // 徽王庄镇: no other case here yet
    const clerk = await t.login('clerk.lingcheng');
    const first = await clerk.post(
      '/api/cases',
      buildRegistration({
        regionCode: region,
        parties: [{ role: 'applicant', name: '张伟', phone: '13700001111' }],
      }),
    );
    expect(first.statusCode, first.body).toBe(201);

    // the resident H5 (解纷码): another phone, the name typed with a space
    const resident = await t.resident('13700002222');
    const second = await resident.post('/api/cases', {
      ...buildRegistration({ regionCode: region }),
      channel: 'qr',
      privacyNoticeVersion: PRIVACY_NOTICE.version,
      parties: [{ role: 'applicant', name: '张 伟', phone: '13700002222' }],
    });
    expect(second.statusCode, second.body).toBe(201);

    const county = await t.login('dispatcher.lingcheng');
    let w = ofCase(await warningsOf(county, '?kind=repeat'), 'repeat', second.json().id)!;
    expect(w).toMatchObject({ severity: 'yellow', status: 'open', regionCode: '371403104', caseCount: 2 });
    expect(w.reasons).toEqual([{ code: 'same_name_pinyin', params: { cases: 1, days: 90 } }]);
    const detail = (await county.get(`/api/warnings/${w.id}`)).json();
    expect(detail.evidence).toMatchObject({ channels: ['window', 'qr'], confirmed: 0, candidates: 1 });
    expect(detail.cases.map((c: { id: string }) => c.id)).toEqual([first.json().id, second.json().id]);
    // no name, phone or pinyin anywhere in what the warning says
    expect(JSON.stringify(detail)).not.toMatch(/张|zhang|1370000/i);

    // the hotline's "ZHANG Wei" (and 张玮, the same sound) update the same warning
    const hotline = await t.login('clerk.lingcheng');
    for (const name of ['ZHANG Wei', '张玮']) {
      const r = await hotline.post(
        '/api/cases',
        buildRegistration({
          regionCode: region,
          channel: 'hotline',
          parties: [{ role: 'applicant', name, phone: '13700003333' }],
        }),
      );
      expect(r.statusCode, r.body).toBe(201);
    }
    w = (await warningsOf(county, '?kind=repeat')).find((x) => x.id === w.id)!;
    expect(w).toMatchObject({ caseCount: 4, occurrences: 3 });
    // the same phone twice is a confirmed repeat as well
    expect(w.reasons).toEqual(
      expect.arrayContaining([{ code: 'same_phone', params: { cases: 1, days: 90 } }]),
    );
    expect((await warningsOf(county, '?kind=repeat')).filter((x) => x.caseId === w.caseId)).toHaveLength(1);
  });

  it('does not call the same name in another township a repeat, nor a different name', async () => {
    const clerk = await t.login('clerk.lingcheng');
    const elsewhere = await clerk.post(
      '/api/cases',
      buildRegistration({
        regionCode: '371403106',
        parties: [{ role: 'applicant', name: '张伟', phone: '13700004444' }],
      }),
    );
    const otherName = await clerk.post(
      '/api/cases',
      buildRegistration({
        regionCode: '371403104200',
        parties: [{ role: 'applicant', name: '张维民', phone: '13700005555' }],
      }),
    );
    const county = await t.login('dispatcher.lingcheng');
    const repeats = await warningsOf(county, '?kind=repeat');
    for (const c of [elsewhere, otherName]) expect(repeats.some((w) => w.caseId === c.json().id)).toBe(false);
  });

  it('confirms a repeat by ID number in any township, orange from the third case, and reopens it when the person returns', async () => {
    const idNumber = makeIdNumber('371403', '19800202', '457');
    const register = async (regionCode: string, name: string, phone: string) => {
      const clerk = await t.login('clerk.lingcheng');
      const res = await clerk.post(
        '/api/cases',
        buildRegistration({ regionCode, parties: [{ role: 'applicant', name, phone, idNumber }] }),
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a = await register('371403101', '李强', '13600001111');
    const b = await register('371403102', '李 强', '13600002222');
    const county = await t.login('dispatcher.lingcheng');
    let w = ofCase(await warningsOf(county, '?kind=repeat'), 'repeat', b)!;
    // two townships: routed to their county
    expect(w).toMatchObject({ severity: 'yellow', regionCode: '371403', levelCode: '371403', caseCount: 2 });
    expect(w.reasons).toEqual([{ code: 'same_id_number', params: { cases: 1, days: 90 } }]);

    await register('371403102', '李强', '13600003333');
    w = (await warningsOf(county, '?kind=repeat')).find((x) => x.id === w.id)!;
    expect(w).toMatchObject({ severity: 'orange', caseCount: 3, status: 'open' });

    const handled = await county.post(`/api/warnings/${w.id}/handle`, { note: '已约谈当事人，纳入重点跟进' });
    expect(handled.statusCode, handled.body).toBe(200);
    await register('371403101', '李强', '13600004444');
    const again = (await county.get(`/api/warnings/${w.id}`)).json();
    expect(again).toMatchObject({ status: 'open', caseCount: 4, handledNote: null, acknowledgedAt: null });
    expect(again.events.map((e: { action: string }) => e.action)).toEqual([
      'raised',
      'updated',
      'handled',
      'reopened',
    ]);
    expect(again.cases.map((c: { id: string }) => c.id)).toContain(a);
  });
});
