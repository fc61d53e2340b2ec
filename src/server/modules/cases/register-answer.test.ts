// The registration's answer is built from the rows it wrote (registeredDetail), not read back:
// it must be exactly the case page a read right after COMMIT gives, for every kind of registrant
// and any set of parties.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/pii/validation.js';
import {
  buildRegistration,
  createTestApp,
  type Client,
  type TestApp,
} from '../../../../test/helpers/test-app.js';

let t: TestApp;
let clerk: Client;
let countyClerk: Client;
let grid: Client;
let gridRegion: string;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk.shentou');
  countyClerk = await t.login('clerk.lingcheng');
  grid = await t.login('grid.shentou');
  const u = await t.deps.db.kysely
    .selectFrom('users')
    .select('scope_code')
    .where('username', '=', 'grid.shentou')
    .executeTakeFirstOrThrow();
  gridRegion = u.scope_code;
});
afterAll(async () => t?.close());

/** Registers, then reads the case back: the two answers must be equal. */
async function answerMatchesRead(by: Client, body: Record<string, unknown>, key?: string) {
  const res = await by.post('/api/cases', body, key ? { 'idempotency-key': key } : {});
  expect(res.statusCode, res.body).toBe(201);
  const read = await by.get(`/api/cases/${res.json().id}`);
  expect(read.statusCode).toBe(200);
  expect(res.json()).toEqual(read.json());
  return res.json();
}

describe('the registration answer equals the case page read after it', () => {
  it('for a clerk at a township center, a clerk at the county center and a grid worker', async () => {
    await answerMatchesRead(clerk, buildRegistration());
    await answerMatchesRead(countyClerk, buildRegistration());
    // a village committee owns the case; the township center numbers it
    const c = await answerMatchesRead(grid, buildRegistration({ regionCode: gridRegion }));
    expect(c.ownerUnitId).not.toBe(c.centerUnitId);
  });

  it('for a resident through the QR code', async () => {
    const resident = await t.resident('13812345678');
    await answerMatchesRead(
      resident,
      buildRegistration({
        channel: 'qr',
        regionCode: '371425002004',
        privacyNoticeVersion: '2026-01',
        parties: [{ role: 'applicant', name: '孙八', phone: '13812345678' }],
      }),
    );
  });

  it('for a high-risk repeat (warnings raised in the same transaction), and its idempotent replay', async () => {
    const body = buildRegistration({
      description: '对方扬言要动刀子，已经打起来了，有人受伤。',
      address: '神头镇幸福路8号',
      riskLevel: 'orange',
    });
    const first = await answerMatchesRead(clerk, body);
    const key = `answer-${first.id}`;
    const again = await answerMatchesRead(clerk, body, key);
    expect(again.riskLevel).not.toBe('blue');
    const replay = await clerk.post('/api/cases', body, { 'idempotency-key': key });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(again);
  });

  it('for any set of parties (property)', async () => {
    const party = fc.record(
      {
        role: fc.constantFrom('applicant', 'respondent', 'third_party'),
        kind: fc.constantFrom('person', 'organization'),
        name: fc.constantFrom('张三', '李四', '王五', '德州某某物业公司', 'Ali'),
        phone: fc.constantFrom('13812345678', '13987654321', '0534-2345678'),
        idNumber: fc.constantFrom(
          makeIdNumber('371403', '19900101', '123'),
          makeIdNumber('371425', '19751231', '456'),
        ),
        address: fc.constantFrom('神头镇幸福路8号', '德城区新湖大街1号'),
      },
      { requiredKeys: ['role', 'name'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(party, { minLength: 0, maxLength: 4 }), async (others) => {
        await answerMatchesRead(
          clerk,
          buildRegistration({ parties: [{ role: 'applicant', name: '赵六' }, ...others] }),
        );
      }),
      { numRuns: 12 },
    );
  });
});
