// The sweeps' warnings on real data: a spike found where a rise was planted and not in a township
// with the same baseline and no rise; stuck cases (overdue, bounced, reopened), each warned once;
// the repeat keys of rows written before migration 0013.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, buildRegistration, type TestApp } from '../../../../test/helpers/test-app.js';
import { act, openCase, setClock } from '../supervision/test-supervision.js';
import { sweepRepeatKeys, sweepSpikes, sweepStuck } from './warnings.sweeps.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const WEEK = 7 * 86_400_000;
let phones = 0;
/** A plain environment complaint at `region` by someone new (no repeats, no risk words). */
async function complaint(region: string, category = 'environment') {
  const clerk = await t.login('clerk.lingcheng');
  phones += 1;
  const res = await clerk.post(
    '/api/cases',
    buildRegistration({
      categoryCode: category,
      regionCode: region,
      description: '附近加工厂夜间生产噪音较大，影响休息。',
      parties: [
        { role: 'applicant', name: `居民${phones}`, phone: `1390000${String(phones).padStart(4, '0')}` },
      ],
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  t.advance(60_000);
  return res.json().id as string;
}

const warnings = (kind: 'spike' | 'stuck') =>
  t.db.kysely.selectFrom('warnings').selectAll().where('kind', '=', kind).orderBy('id').execute();

describe('spikes', () => {
  it('are found in a township whose category rose well above its weeks before, and not in one that did not', async () => {
    // eight weeks of a baseline of two or three complaints a week, in two townships of 陵城区
    const baseline = [2, 3, 2, 2, 3, 2, 2, 3];
    const start = t.deps.clock().getTime();
    for (const [week, n] of baseline.entries()) {
      setClock(t, new Date(start + week * WEEK + 3600_000).toISOString());
      for (let i = 0; i < n; i++) {
        await complaint('371403107');
        await complaint('371403108');
      }
    }
    // this week: a planted rise to 12 in 前孙镇, the usual 2 in 边临镇
    setClock(t, new Date(start + 8 * WEEK + 3600_000).toISOString());
    for (let i = 0; i < 12; i++) await complaint('371403107');
    for (let i = 0; i < 2; i++) await complaint('371403108');
    setClock(t, new Date(start + 8 * WEEK + 2 * 86_400_000).toISOString());

    expect(await sweepSpikes(t.deps)).toEqual({ spikes: 1, series: 2 });
    const [w, ...others] = await warnings('spike');
    expect(others).toEqual([]);
    expect(w).toMatchObject({
      region_code: '371403107',
      level_code: '371403107',
      category_code: 'environment',
      severity: 'orange',
      status: 'open',
    });
    expect(w!.reasons).toEqual([
      {
        code: 'spike',
        params: expect.objectContaining({
          current: 12,
          mean: 2.375,
          weeks: 8,
          threshold: expect.any(Number),
        }),
      },
    ]);
    const evidence = w!.evidence as { caseIds: string[]; history: number[]; pValue: number };
    expect(evidence.history).toEqual(baseline);
    expect(evidence.caseIds).toHaveLength(12);
    expect(evidence.pValue).toBeLessThan(0.001);

    // a second run changes nothing; a growing week updates the one warning
    expect(await sweepSpikes(t.deps)).toEqual({ spikes: 0, series: 2 });
    await complaint('371403107');
    expect(await sweepSpikes(t.deps)).toEqual({ spikes: 1, series: 2 });
    const again = await warnings('spike');
    expect(again).toHaveLength(1);
    expect(again[0]!.occurrences).toBe(2);
    expect((again[0]!.evidence as { current: number }).current).toBe(13);
  });
});

describe('stuck cases', () => {
  it('warns once of an overdue case, of one bounced more than twice and of a reopened one', async () => {
    const overdue = await openCase(t);
    const deadline = (
      await t.db.kysely
        .selectFrom('cases')
        .select('deadline_at')
        .where('id', '=', overdue.id)
        .executeTakeFirstOrThrow()
    ).deadline_at!;

    // bounced: assigned, then transferred three times
    const dispatcher = await t.login('dispatcher.shentou');
    const bounced = await openCase(t);
    for (const unit of ['371403105-police', '371403105-people-mediation', '371403105-justice']) {
      await act(dispatcher, bounced.id, {
        action: 'transfer',
        unitId: await t.unitId(unit),
        reason: '不属本单位职责',
      });
    }

    // reopened: concluded by the center, followed up unsatisfied, reopened by the dispatcher
    const clerk = await t.login('clerk.shentou');
    const created = await clerk.post(
      '/api/cases',
      buildRegistration({ parties: [{ role: 'applicant', name: '周强', phone: '13900009999' }] }),
    );
    const reopened = created.json().id as string;
    await act(clerk, reopened, { action: 'accept' });
    await act(clerk, reopened, { action: 'conclude', outcome: 'other_resolution', summary: '已说明解释' });
    await act(clerk, reopened, { action: 'follow_up', satisfaction: 'unsatisfied' });
    await act(dispatcher, reopened, { action: 'reopen', reason: '群众不满意，重新办理' });

    setClock(t, new Date(deadline.getTime() + 60_000).toISOString());
    const first = await sweepStuck(t.deps);
    expect(first.bounced).toBe(1);
    expect(first.reopened).toBe(1);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    const stuck = await warnings('stuck');
    const about = (id: string) => stuck.filter((w) => w.case_id === id);
    expect(about(overdue.id)).toEqual([
      expect.objectContaining({
        subject_key: `stuck:overdue:${overdue.id}:${deadline.getTime()}`,
        severity: 'orange',
        level_code: '371403105',
        reasons: [{ code: 'overdue', params: { deadline: deadline.toISOString() } }],
      }),
    ]);
    expect(about(bounced.id).find((w) => w.subject_key.startsWith('stuck:bounced'))).toMatchObject({
      reasons: [{ code: 'bounced', params: { times: 3 } }],
    });
    expect(about(reopened)).toEqual([
      expect.objectContaining({ reasons: [{ code: 'reopened', params: { times: 1 } }] }),
    ]);
    // the sweep again: nothing new
    expect(await sweepStuck(t.deps)).toEqual({ overdue: 0, bounced: 0, reopened: 0 });
    expect(await warnings('stuck')).toHaveLength(stuck.length);
  });
});

describe('repeat keys of older rows', () => {
  it('are filled from the name and the decrypted address, once', async () => {
    const clerk = await t.login('clerk.shentou');
    const res = await clerk.post(
      '/api/cases',
      buildRegistration({
        address: '德州市陵城区神头镇神头街村东路12号',
        parties: [
          {
            role: 'applicant',
            name: '吴 刚',
            phone: '13900008888',
            address: '德州市陵城区神头镇神头街村东路12号',
          },
        ],
      }),
    );
    const id = res.json().id as string;
    const before = await t.db.kysely
      .selectFrom('parties')
      .select(['name_pinyin_bidx', 'address_bidx'])
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(before.name_pinyin_bidx).toBe(t.deps.crypto.blindIndex('name_pinyin', 'wugang'));
    // as a database migrated from before 0013 would have them
    await t.db.kysely.updateTable('parties').set({ name_pinyin_bidx: null, address_bidx: null }).execute();
    await t.db.kysely.updateTable('cases').set({ address_bidx: null }).execute();
    const counts = await t.db.kysely
      .selectFrom('parties')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const cases = await t.db.kysely
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await sweepRepeatKeys(t.deps)).toEqual({ keyed: Number(counts.n) + Number(cases.n) });
    const after = await t.db.kysely
      .selectFrom('parties')
      .select(['name_pinyin_bidx', 'address_bidx'])
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(before.address_bidx).not.toBe('');
    expect(await sweepRepeatKeys(t.deps)).toEqual({ keyed: 0 });
  });
});
