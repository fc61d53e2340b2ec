// Bad input on the routes that act on an existing case (transitions, unmask, attachments): each
// answer is a 4xx with a code and a readable message in both languages, and the database and the
// attachment folder are exactly as before (test/helpers/expect-refused.ts). The one deliberate
// write on a refusal is the audit row of a denied unmask: unmask-party.ts keeps attempts on file.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../../../test/helpers/db-snapshot.js';
import {
  attachmentFiles,
  expectRefused as refused,
  type Refusal,
  type Send,
} from '../../../../test/helpers/expect-refused.js';
import { multipart, PNG } from '../../../../test/helpers/multipart.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let dispatcher: Client;
let leader: Client;
let otherClerk: Client;
/** a case of 神头镇, registered by its clerk */
let base: { id: string; version: number; partyId: string };

beforeAll(async () => {
  t = await createTestApp();
  [clerk, dispatcher, leader, otherClerk] = await Promise.all([
    t.login('clerk.shentou'),
    t.login('dispatcher.shentou'),
    t.login('leader.shentou'),
    t.login('clerk.xinhu'),
  ]);
  const res = await clerk.post('/api/cases', buildRegistration());
  expect(res.statusCode, res.body).toBe(201);
  const c = res.json();
  base = { id: c.id, version: c.version, partyId: c.parties[0].id };
});
afterAll(async () => t?.close());

const expectRefused = (send: Send, x: Refusal) => refused(t, send, x);

describe('POST /api/cases/:id/transitions refuses bad actions and writes nothing', () => {
  const act =
    (by: () => Client, body: Record<string, unknown>, id = () => base.id): Send =>
    (h) =>
      by().post(`/api/cases/${id()}/transitions`, body, h);
  const assign = (over: Record<string, unknown>) => ({ action: 'assign', version: base.version, ...over });
  const people = () => t.unitId('371403105-people-mediation');

  it('answers 404 for an unknown case id, and the same for a case of another township', async () => {
    const notFound = { status: 404, code: 'common.not_found', zh: /未找到/, en: /Not found/ };
    await expectRefused(
      act(
        () => dispatcher,
        { action: 'accept', version: 1 },
        () => randomUUID(),
      ),
      notFound,
    );
    await expectRefused(
      act(() => otherClerk, { action: 'archive', version: 1 }),
      notFound,
    );
  });

  it('answers 400 for a malformed id, an unknown action, a missing or zero version, an unknown field', async () => {
    await expectRefused(
      act(
        () => dispatcher,
        { action: 'accept', version: 1 },
        () => 'not-a-uuid',
      ),
      { status: 400, en: /"id" is not in the right format/ },
    );
    await expectRefused(
      act(() => dispatcher, { action: 'teleport', version: 1 }),
      { status: 400, en: /"action" has a value that is not allowed/ },
    );
    await expectRefused(
      act(() => dispatcher, { action: 'accept' }),
      { status: 400, zh: /缺少必填项“version”/, en: /"version" is required/ },
    );
    await expectRefused(
      act(() => dispatcher, { action: 'accept', version: 0 }),
      { status: 400, en: /"version" must be at least 1/ },
    );
    await expectRefused(
      act(() => dispatcher, assign({ unitId: 'unit-7' })),
      { status: 400, en: /"unitId" is not in the right format/ },
    );
    await expectRefused(
      act(() => dispatcher, assign({ unitId: randomUUID(), urgent: true })),
      { status: 400, en: /unknown field "urgent"/ },
    );
  });

  it('answers 400 naming the field an action requires (assign without unitId, conclude without outcome)', async () => {
    await expectRefused(
      act(() => dispatcher, assign({})),
      { status: 400, zh: /缺少必填项“unitId”/, en: /"unitId" is required/ },
    );
    await expectRefused(
      act(() => dispatcher, { action: 'conclude', version: 1, summary: '结案' }),
      { status: 400, en: /"outcome" is required/ },
    );
  });

  it('answers 422 for an unknown unit and for a unit outside the case’s region', async () => {
    const id = randomUUID();
    await expectRefused(
      act(() => dispatcher, assign({ unitId: id })),
      { status: 422, code: 'case.unknown_unit', en: new RegExp(`Unknown unit "${id}"`) },
    );
    const otherCounty = await t.unitId('371402-labor-mediation'); // 德城区, not 陵城区
    await expectRefused(
      act(() => dispatcher, assign({ unitId: otherCounty })),
      {
        status: 422,
        code: 'case.unit_out_of_scope',
        zh: /德城区劳动争议人民调解委员会.*不在本案件所属区域内/,
        en: /outside the region of this case/,
      },
    );
  });

  it('answers 409 with the current version for a stale version', async () => {
    const unitId = await people();
    await expectRefused(
      act(() => dispatcher, assign({ version: base.version + 1, unitId })),
      {
        status: 409,
        code: 'case.stale_version',
        zh: new RegExp(`当前版本 ${base.version}`),
        en: new RegExp(`now version ${base.version}`),
      },
    );
  });

  it('answers 409 for an action the case’s state does not allow (archive a registered case)', async () => {
    await expectRefused(
      act(() => clerk, { action: 'archive', version: base.version }),
      {
        status: 409,
        code: 'invalid_state',
        zh: /已回访的案件才能归档/,
        en: /Only a followed-up case can be archived/,
      },
    );
  });

  it('answers 403 to a role the policy table does not allow (a leader assigning)', async () => {
    await expectRefused(
      act(() => leader, assign({ unitId: await people() })),
      { status: 403, code: 'forbidden', en: /may not perform this action/ },
    );
  });

  it('still accepts the valid action afterwards: the refusals changed nothing', async () => {
    const res = await dispatcher.post(
      `/api/cases/${base.id}/transitions`,
      assign({ unitId: await people() }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'assigned', version: base.version + 1 });
    base.version += 1;
  });
});

describe('POST /api/cases/:id/parties/:partyId/unmask', () => {
  const unmask =
    (by: () => Client, body: Record<string, unknown>, party = () => base.partyId): Send =>
    (h) =>
      by().post(`/api/cases/${base.id}/parties/${party()}/unmask`, body, h);

  it('refuses an empty or blank reason, an unknown field, a malformed or unknown party, writing nothing', async () => {
    await expectRefused(
      unmask(() => clerk, { field: 'phone', reason: '' }),
      { status: 400, en: /"reason" must be at least 2 characters/ },
    );
    await expectRefused(
      unmask(() => clerk, { field: 'phone', reason: '   ' }),
      { status: 400, code: 'pii.unmask_reason', zh: /理由/, en: /reason is required/ },
    );
    await expectRefused(
      unmask(() => clerk, { field: 'password', reason: '核实身份' }),
      { status: 400, en: /"field" has a value that is not allowed/ },
    );
    await expectRefused(
      unmask(() => clerk, { field: 'phone' }),
      { status: 400, en: /"reason" is required/ },
    );
    await expectRefused(
      unmask(
        () => clerk,
        { field: 'phone', reason: '核实身份' },
        () => 'p1',
      ),
      { status: 400, en: /"partyId" is not in the right format/ },
    );
    await expectRefused(
      unmask(
        () => clerk,
        { field: 'phone', reason: '核实身份' },
        () => randomUUID(),
      ),
      { status: 404, code: 'common.not_found' },
    );
  });

  it('refuses a reader without the unmask right (403) and keeps the attempt in audit_log, the only write', async () => {
    await expectRefused(
      unmask(() => leader, { field: 'id_number', reason: '想看看' }),
      {
        status: 403,
        code: 'auth.forbidden',
        en: /not allowed/,
        writes: { audit_log: 1 },
      },
    );
    const denied = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'pii.unmask')
      .where('result', '=', 'denied')
      .execute();
    expect(denied.map((r) => r.actor_label)).toEqual(['leader.shentou', 'leader.shentou']);
  });

  it('answers a well-formed request from a clerk with the value, logging the access', async () => {
    const snap = await takeSnapshot(t.db);
    const res = await unmask(() => clerk, { field: 'phone', reason: '电话回访核实' })({});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'phone', value: '13812345678' });
    expect(await snap.changes()).toEqual({ pii_access_log: 1, audit_log: 1 });
  });
});

describe('POST /api/cases/:id/attachments and GET …/attachments/:attachmentId', () => {
  const upload =
    (by: () => Client, body: ReturnType<typeof multipart>, id = () => base.id): Send =>
    (h) =>
      by().request({
        method: 'POST',
        url: `/api/cases/${id()}/attachments`,
        payload: body.payload,
        headers: { ...body.headers, ...h },
      });
  const file = (filename: string, data: Buffer | string, type = 'application/octet-stream') =>
    multipart([{ name: 'file', filename, type, data }]);

  it('refuses a request without a file (400) and a body that is not multipart at all', async () => {
    await expectRefused(
      upload(() => clerk, multipart([{ name: 'note', data: '没有附件' }])),
      { status: 400, zh: /缺少必填项“file”/, en: /"file" is required/ },
    );
    await expectRefused((h) => clerk.post(`/api/cases/${base.id}/attachments`, { file: 'x' }, h), {
      status: 406,
    });
  });

  it('refuses bytes that are not an allowed type, whatever the name and the claimed type say (422)', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]);
    const bad = {
      status: 422,
      code: 'case.bad_attachment_type',
      zh: /不支持的附件类型/,
      en: /Unsupported attachment type/,
    };
    await expectRefused(
      upload(() => clerk, file('setup.exe', exe, 'application/x-msdownload')),
      bad,
    );
    await expectRefused(
      upload(() => clerk, file('photo.jpg', '这其实是一段文字', 'image/jpeg')),
      bad,
    );
    await expectRefused(
      upload(() => clerk, file('photo.jpg', zip, 'image/jpeg')),
      bad,
    );
  });

  it('refuses a file over the upload limit (413, the test app allows 256 KiB)', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(256 * 1024 + 1 - PNG.length)]);
    await expectRefused(
      upload(() => clerk, file('big.png', big, 'image/png')),
      {
        status: 413,
        code: 'case.attachment_too_large',
        zh: /附件超过 256 KB/,
        en: /exceeds 256 KB/,
      },
    );
  });

  it('refuses an upload to an unknown case (404) or by a reader who may not add evidence (403)', async () => {
    await expectRefused(
      upload(
        () => clerk,
        file('a.png', PNG, 'image/png'),
        () => randomUUID(),
      ),
      { status: 404 },
    );
    await expectRefused(
      upload(() => leader, file('a.png', PNG, 'image/png')),
      { status: 403, code: 'auth.forbidden' },
    );
  });

  it('stores a real PNG (201) and gives back the same bytes; unknown or malformed attachment ids are refused', async () => {
    const before = attachmentFiles(t);
    const res = await upload(() => clerk, file('现场照片.png', PNG, 'image/png'))({});
    expect(res.statusCode, res.body).toBe(201);
    const saved = res.json() as { id: string; fileName: string; sizeBytes: number };
    expect(saved).toMatchObject({ fileName: '现场照片.png', sizeBytes: PNG.length });
    expect(attachmentFiles(t).length).toBeGreaterThan(before.length);

    const down = await clerk.get(`/api/cases/${base.id}/attachments/${saved.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.rawPayload.equals(PNG)).toBe(true);
    expect((await clerk.get(`/api/cases/${base.id}`)).json().attachments).toEqual([
      expect.objectContaining({ id: saved.id }),
    ]);

    const get =
      (by: () => Client, attachment: string): Send =>
      (h) =>
        by().get(`/api/cases/${base.id}/attachments/${attachment}`, h);
    await expectRefused(
      get(() => clerk, randomUUID()),
      { status: 404, code: 'common.not_found' },
    );
    await expectRefused(
      get(() => clerk, 'photo.png'),
      { status: 400, en: /"attachmentId" is not in the right format/ },
    );
    await expectRefused(
      get(() => otherClerk, saved.id),
      { status: 404, code: 'common.not_found' },
    );
  });
});
