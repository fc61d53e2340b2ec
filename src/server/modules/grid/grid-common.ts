// Small helpers of the grid module: keyset cursors, periods from query strings, idempotency.
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { startOfCstDay } from '../../../core/grid/grid-rules.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import { badRequest, unprocessable } from '../../http/errors.js';
import * as q from './grid.queries.js';

/** A keyset cursor: the (time, id) of the last row of a page, opaque to clients. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(at.getTime())) throw badRequest('grid.bad_cursor');
  return { at, id };
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A period from `from`/`to` query values: a CST day means its start for `from` and its end for
 * `to` (so ?from=2026-03-01&to=2026-03-31 is all of March); an instant is taken as given.
 */
export function periodFromQuery(
  from: string | undefined,
  to: string | undefined,
  defaults: { from: Date; to: Date },
): { from: Date; to: Date } {
  const parse = (s: string, end: boolean, field: string) => {
    const at = DAY_ONLY.test(s)
      ? new Date(startOfCstDay(s).getTime() + (end ? 86_400_000 : 0))
      : new Date(s.replace(' ', 'T'));
    if (Number.isNaN(at.getTime())) throw badRequest('validation.format', { field });
    return at;
  };
  const out = {
    from: from ? parse(from, false, 'from') : defaults.from,
    to: to ? parse(to, true, 'to') : defaults.to,
  };
  if (out.from.getTime() >= out.to.getTime()) throw badRequest('grid.bad_period');
  // a year and a few days at most: statistics stay bounded to ~13 monthly partitions
  if (out.to.getTime() - out.from.getTime() > 372 * 86_400_000) throw badRequest('grid.period_too_long');
  return out;
}

/**
 * A create from a phone, once per client key: the earlier resource when the key was used by this
 * user with the same body, a 422 when with another body. The key row is written first, so a
 * concurrent duplicate waits on it and then fails (23505) instead of creating a second row.
 */
export async function claimClientKey(
  trx: Trx,
  deps: AppDeps,
  a: { userId: string; kind: string; clientKey: string; request: unknown; resourceId: string },
): Promise<{ replayOf: string } | null> {
  const scope = `user:${a.userId}`;
  const key = `${a.kind}:${a.clientKey}`;
  const requestSm3 = deps.crypto.sm3Hex(
    typeof a.request === 'string' || Buffer.isBuffer(a.request) ? a.request : canonicalJson(a.request),
  );
  const seen = await q.findIdempotencyKey(trx, scope, key);
  if (seen) {
    if (seen.request_sm3 !== requestSm3) throw unprocessable('grid.client_key_reused');
    return { replayOf: seen.resource_id };
  }
  await q.insertIdempotencyKey(trx, {
    scope,
    key,
    request_sm3: requestSm3,
    resource_id: a.resourceId,
    created_at: deps.clock(),
  });
  return null;
}

/** Runs a create; a concurrent duplicate's unique violation is retried once, finding the first. */
export async function onceRetried<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return fn();
    throw err;
  }
}
