// Shared by the supervision tests: move the fixed clock to an instant, open cases through the API.
import { expect } from 'vitest';
import { buildRegistration, type Client, type TestApp } from '../../../../test/helpers/test-app.js';

/** Moves the test clock to `iso` (forwards only). */
export function setClock(t: TestApp, iso: string): void {
  const ms = new Date(iso).getTime() - t.deps.clock().getTime();
  if (ms < 0) throw new Error(`the clock only moves forwards (${iso})`);
  t.advance(ms);
}

export async function act(by: Client, id: string, body: Record<string, unknown>) {
  const current = (await by.get(`/api/cases/${id}`)).json();
  const res = await by.post(`/api/cases/${id}/transitions`, { version: current.version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * A case of 神头镇 assigned now to its justice office (the accept clock runs), and accepted too
 * when asked (the handling clock runs). Logs in afresh: the test clock may have idled sessions out.
 */
export async function openCase(
  t: TestApp,
  opts: { accept?: boolean; unit?: string } = {},
): Promise<{ id: string; caseNo: string; version: number }> {
  const clerk = await t.login('clerk.shentou');
  const dispatcher = await t.login('dispatcher.shentou');
  const created = await clerk.post('/api/cases', buildRegistration());
  expect(created.statusCode, created.body).toBe(201);
  const id: string = created.json().id;
  let c = await act(dispatcher, id, {
    action: 'assign',
    unitId: await t.unitId(opts.unit ?? '371403105-justice'),
  });
  if (opts.accept) c = await act(await t.login('dept.shentou'), id, { action: 'accept' });
  return { id, caseNo: c.caseNo, version: c.version };
}

/** The stored light columns of a case. */
export async function storedLight(t: TestApp, id: string) {
  return t.db.kysely
    .selectFrom('cases')
    .select(['light', 'yellow_at', 'deadline_at', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The ledger actions of a case, in order. */
export async function ledgerActions(t: TestApp, id: string) {
  const rows = await t.db.kysely
    .selectFrom('case_events')
    .select(['seq', 'action', 'actor_role', 'payload'])
    .where('case_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows;
}
