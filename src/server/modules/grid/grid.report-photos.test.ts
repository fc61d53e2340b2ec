// A grid worker's dispute with photos: the photos become the attachments of the case it registers
// (same transaction, through the case attachment machinery), served to whoever may read the case;
// nothing is left behind when the transaction fails, and a replay attaches nothing twice.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentFiles, expectRefused } from '../../../../test/helpers/expect-refused.js';
import { PNG, multipart } from '../../../../test/helpers/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { withTransaction } from '../../db/transaction.js';
import { UncommittedFiles } from '../../files/file-store.js';
import { authenticate, type AuthContext } from '../auth/auth.service.js';
import { reportInTx } from './grid-reports.service.js';
import type { ReportBodyT } from './grid.schemas.js';

let t: TestApp;
let grid: string;

beforeAll(async () => {
  t = await createTestApp();
  grid = (
    await t.db.kysely
      .selectFrom('users')
      .select('scope_code')
      .where('username', '=', 'grid.shentou')
      .executeTakeFirstOrThrow()
  ).scope_code;
});
afterAll(async () => t?.close());

const as = (username: string) => t.login(username);
const APPLICANT_PHONE = '13912345678';
// two different photos (a PNG with trailing bytes is still a PNG)
const PHOTOS = [PNG, Buffer.concat([PNG, Buffer.from('second photo')])];

async function upload(c: Client, data: Buffer): Promise<string> {
  const body = multipart([
    { name: 'clientKey', data: randomUUID() },
    { name: 'file', filename: 'wall.png', type: 'image/png', data },
  ]);
  const res = await c.request({
    method: 'POST',
    url: '/api/grid/uploads',
    payload: body.payload,
    headers: body.headers,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

function dispute(photoIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    clientKey: randomUUID(),
    type: 'dispute',
    categoryCode: 'neighbor',
    place: '3组 王家院墙',
    description: '两户因宅基地边界的院墙发生争执，附现场照片',
    photoIds,
    parties: [
      { role: 'applicant', name: '王大山', phone: APPLICANT_PHONE },
      { role: 'respondent', name: '李二河' },
    ],
    ...overrides,
  };
}

/** Only files: a rolled-back copy may leave its (empty) case folder. */
const storedFiles = () =>
  attachmentFiles(t).filter((f) => statSync(path.join(t.deps.config.dataDir, 'attachments', f)).isFile());

async function attachmentRows(caseId?: string) {
  let q = t.db.kysely.selectFrom('attachments').selectAll();
  if (caseId) q = q.where('case_id', '=', caseId);
  return q.execute();
}

interface CaseAttachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

describe("a dispute's photos", () => {
  it('become the attachments of its case, downloadable by those who may read the case', async () => {
    const worker = await as('grid.shentou');
    const photoIds = [await upload(worker, PHOTOS[0]!), await upload(worker, PHOTOS[1]!)];
    const filesBefore = storedFiles().length;
    const res = await worker.post('/api/grid/reports', dispute(photoIds));
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json() as { caseId: string; photoIds: string[] };
    // the report keeps its photos for the grid's own views
    expect(report.photoIds).toEqual(photoIds);

    const dispatcher = await as('dispatcher.shentou');
    const detail = await dispatcher.get(`/api/cases/${report.caseId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const attachments = detail.json().attachments as CaseAttachment[];
    expect(attachments).toHaveLength(2);
    for (const [i, a] of attachments.entries()) {
      expect(a).toMatchObject({
        fileName: 'wall.png',
        contentType: 'image/png',
        sizeBytes: PHOTOS[i]!.length,
      });
      const file = await dispatcher.get(`/api/cases/${report.caseId}/attachments/${a.id}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.rawPayload.equals(PHOTOS[i]!)).toBe(true);
    }
    // rows as an upload writes them: the uploader, the SM3 of the bytes; one audit record each
    const rows = await attachmentRows(report.caseId);
    const me = (await worker.get('/api/me')).json();
    for (const r of rows) {
      const i = attachments.findIndex((a) => a.id === r.id);
      expect(r.sm3).toBe(t.deps.crypto.sm3Hex(PHOTOS[i]!));
      expect(r.uploaded_by).toBe(me.user.id);
    }
    const audits = await t.db.kysely
      .selectFrom('audit_log')
      .select(['detail', 'actor_id'])
      .where('action', '=', 'case.attach')
      .where('target_id', '=', report.caseId)
      .execute();
    expect(audits.map((a) => (a.detail as { grid_upload_id: string }).grid_upload_id).sort()).toEqual(
      [...photoIds].sort(),
    );
    // copied into the case's folder: the grid photos stay where they were
    expect(storedFiles().length).toBe(filesBefore + 2);
    for (const id of photoIds) expect((await worker.get(`/api/grid/uploads/${id}`)).statusCode).toBe(200);

    // the existing rules for a case's attachments: the applicant (a resident) reads them too …
    const resident = await t.resident(APPLICANT_PHONE);
    const own = await resident.get(`/api/cases/${report.caseId}/attachments/${attachments[0]!.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(PHOTOS[0]!)).toBe(true);
    // … and a case outside one's scope is as if it did not exist
    for (const who of [await as('dispatcher.xinhu'), await t.resident('13800000002')]) {
      const res = await who.get(`/api/cases/${report.caseId}/attachments/${attachments[0]!.id}`);
      expect(res.statusCode).toBe(404);
    }
  });

  it('are attached once when the same report is sent again', async () => {
    const worker = await as('grid.shentou');
    const photoIds = [await upload(worker, PHOTOS[0]!), await upload(worker, PHOTOS[1]!)];
    const body = dispute(photoIds);
    const first = await worker.post('/api/grid/reports', body);
    expect(first.statusCode, first.body).toBe(201);
    const filesAfterFirst = storedFiles().length;
    const again = await worker.post('/api/grid/reports', body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().caseId).toBe(first.json().caseId);
    const detail = await (await as('dispatcher.shentou')).get(`/api/cases/${first.json().caseId}`);
    expect(detail.json().attachments).toHaveLength(2);
    expect(await attachmentRows(first.json().caseId)).toHaveLength(2);
    expect(storedFiles().length).toBe(filesAfterFirst);
  });

  it('leave no attachment when the report is refused (a bad party phone)', async () => {
    const worker = await as('grid.shentou');
    const photoIds = [await upload(worker, PHOTOS[0]!), await upload(worker, PHOTOS[1]!)];
    const rowsBefore = (await attachmentRows()).length;
    const body = dispute(photoIds, {
      parties: [
        { role: 'applicant', name: '王大山', phone: APPLICANT_PHONE },
        { role: 'respondent', name: '李二河', phone: '12345' },
      ],
    });
    // expectRefused also checks every table and the attachment folder are as they were
    await expectRefused(t, (h) => worker.post('/api/grid/reports', { ...body, clientKey: randomUUID() }, h), {
      status: 422,
      code: 'case.bad_phone',
      zh: /李二河/,
      en: /李二河/,
    });
    expect(await attachmentRows()).toHaveLength(rowsBefore);
  });

  it('leave no attachment rows or files when a later step of the transaction fails', async () => {
    const worker = await as('grid.shentou');
    const photoIds = [await upload(worker, PHOTOS[0]!), await upload(worker, PHOTOS[1]!)];
    const token = /yimen_sid=([^;]+)/.exec(worker.cookie)![1]!;
    const auth = (await authenticate(t.deps, token)) as AuthContext;
    const rowsBefore = (await attachmentRows()).length;
    const filesBefore = storedFiles();
    const casesBefore = (await t.db.kysely.selectFrom('cases').select('id').execute()).length;
    const files = new UncommittedFiles();
    let copied = 0;
    const failing = withTransaction(t.db, async (trx) => {
      await reportInTx(trx, t.deps, auth, {
        id: t.deps.newId(),
        gridCode: grid,
        body: dispute(photoIds) as ReportBodyT,
        ip: null,
        files,
      });
      const written = await trx.selectFrom('attachments').select('id').execute();
      copied = written.length - rowsBefore;
      throw new Error('a later step fails');
    }).catch(async (err: unknown) => {
      await files.discard();
      throw err;
    });
    await expect(failing).rejects.toThrow('a later step fails');
    expect(copied).toBe(2); // the attachments were written, then rolled back
    expect(await attachmentRows()).toHaveLength(rowsBefore);
    expect((await t.db.kysely.selectFrom('cases').select('id').execute()).length).toBe(casesBefore);
    expect(storedFiles()).toEqual(filesBefore);
  });
});
