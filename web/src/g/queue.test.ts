import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  afterSuccess,
  backoffMs,
  BACKOFF,
  classify,
  counts,
  dueEntries,
  newEntry,
  nextStep,
  nextWakeAt,
  recover,
  retryNow,
  wakeAll,
  type QueueEntry,
} from './queue';

const entry = (over: Partial<QueueEntry<string>> = {}, photos = 0): QueueEntry<string> => ({
  ...newEntry(
    {
      id: over.id ?? 'k1',
      userId: 'u1',
      kind: 'work-item',
      label: '走访',
      body: { kind: 'visit', note: 'x' },
      photos: Array.from({ length: photos }, (_, i) => ({
        clientKey: `p${i}`,
        name: `${i}.jpg`,
        blob: `b${i}`,
      })),
    },
    1000,
  ),
  ...over,
});

describe('what counts as retryable', () => {
  it('retries network errors, 5xx, timeouts and rate limits', () => {
    for (const s of [0, 500, 502, 503, 504, 408, 425, 429]) expect(classify(s)).toBe('retry');
  });
  it('fails on a refusal of the content (4xx), so the server message is shown', () => {
    for (const s of [400, 403, 404, 409, 413, 415, 422]) expect(classify(s)).toBe('fail');
  });
  it('waits for the log-in on 401 and retries a stale CSRF token', () => {
    expect(classify(401)).toBe('auth');
    expect(classify(403, 'FST_CSRF_INVALID_TOKEN')).toBe('retry');
    expect(classify(403, 'forbidden')).toBe('fail');
  });
});

describe('backoff', () => {
  it('doubles from 2 s, stays between half and all of the step, and never exceeds 5 min', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const full = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** (n - 1));
        const d = backoffMs(n, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(d).toBeLessThanOrEqual(full);
        expect(d).toBeLessThanOrEqual(BACKOFF.maxMs);
      }),
    );
    expect(backoffMs(1, () => 1)).toBe(2000);
    expect(backoffMs(2, () => 1)).toBe(4000);
    expect(backoffMs(3, () => 0)).toBe(4000);
    expect(backoffMs(20, () => 1)).toBe(BACKOFF.maxMs);
  });
  it('grows (never shrinks) with the number of failures at the same jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        expect(backoffMs(n + 1, () => r)).toBeGreaterThanOrEqual(backoffMs(n, () => r));
      }),
    );
  });
});

describe('the steps of one entry', () => {
  it('uploads every photo first, in order, then sends the item with the returned ids', () => {
    let e = entry({}, 2);
    expect(nextStep(e)).toEqual({ kind: 'upload', index: 0 });
    e = afterSuccess(e, { kind: 'upload', index: 0 }, { id: 'id-a' });
    expect(nextStep(e)).toEqual({ kind: 'upload', index: 1 });
    e = afterSuccess(e, { kind: 'upload', index: 1 }, { id: 'id-b' });
    const step = nextStep(e);
    expect(step).toEqual({ kind: 'submit', photoIds: ['id-a', 'id-b'] });
    e = afterSuccess(e, step, { id: 'item' });
    expect(e.state).toBe('sent');
    expect(e.result).toEqual({ id: 'item' });
  });
  it('never uploads a photo again once it has an id, even after a failure of the item', () => {
    let e = afterSuccess(entry({}, 1), { kind: 'upload', index: 0 }, { id: 'id-a' });
    e = afterFailure(e, { status: 0, message: 'offline' }, 2000, () => 0);
    expect(nextStep(e)).toEqual({ kind: 'submit', photoIds: ['id-a'] });
  });
  it('keeps the clientKey through failures and retries, so the server can answer a repeat', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 500, 503, 401, 429), { maxLength: 20 }), (statuses) => {
        let e = entry({ id: 'key-1' }, 1);
        for (const s of statuses) e = afterFailure(e, { status: s, message: 'm' }, 5000, () => 0.5);
        expect(e.id).toBe('key-1');
        expect(e.photos[0]!.clientKey).toBe('p0');
        expect(e.state).toBe('pending');
      }),
    );
  });
});

describe('failures', () => {
  it('waits longer after each network error and counts it', () => {
    const a = afterFailure(entry(), { status: 0, message: '网络异常' }, 10_000, () => 1);
    expect(a).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: 12_000, error: '网络异常' });
    const b = afterFailure(a, { status: 503, message: 'busy' }, 12_000, () => 1);
    expect(b).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: 16_000 });
  });
  it('stops on a 4xx with the server message', () => {
    const e = afterFailure(entry(), { status: 400, code: 'validation', message: '备注不能为空' }, 0);
    expect(e).toMatchObject({ state: 'failed', error: '备注不能为空' });
  });
  it('does not count an expired session as an attempt', () => {
    const e = afterFailure(entry({ attempts: 3 }), { status: 401, message: '请重新登录' }, 7000);
    expect(e).toMatchObject({ state: 'pending', attempts: 3, nextAttemptAt: 7000 });
  });
  it('a failed entry goes again when the user asks, from a fresh count', () => {
    const failed = afterFailure(entry({ attempts: 2 }), { status: 422, message: 'x' }, 0);
    expect(retryNow(failed, 50)).toMatchObject({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 50,
      error: null,
    });
    const sent = { ...entry(), state: 'sent' as const };
    expect(retryNow(sent, 50)).toBe(sent);
  });
});

describe('ordering and waking', () => {
  it('sends the due entries of this user, oldest first', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            createdAt: fc.integer({ min: 0, max: 100 }),
            nextAttemptAt: fc.integer({ min: 0, max: 200 }),
            state: fc.constantFrom('pending', 'sending', 'failed', 'sent') as fc.Arbitrary<
              QueueEntry['state']
            >,
            userId: fc.constantFrom('u1', 'u2'),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 200 }),
        (rows, now) => {
          const entries = rows.map((r, i) => entry({ ...r, id: `k${String(i).padStart(3, '0')}` }));
          const due = dueEntries(entries, 'u1', now);
          for (const e of due) {
            expect(e.userId).toBe('u1');
            expect(e.state).toBe('pending');
            expect(e.nextAttemptAt).toBeLessThanOrEqual(now);
          }
          for (let i = 1; i < due.length; i++)
            expect(due[i - 1]!.createdAt).toBeLessThanOrEqual(due[i]!.createdAt);
          const expected = entries.filter(
            (e) => e.userId === 'u1' && e.state === 'pending' && e.nextAttemptAt <= now,
          );
          expect(due).toHaveLength(expected.length);
        },
      ),
    );
  });
  it('wakes every pending entry when the connection returns, keeping their failure counts', () => {
    const entries = [
      entry({ id: 'a', nextAttemptAt: 90_000, attempts: 5 }),
      entry({ id: 'b', state: 'failed', nextAttemptAt: 90_000 }),
    ];
    const woken = wakeAll(entries, 1_000);
    expect(woken[0]).toMatchObject({ nextAttemptAt: 1_000, attempts: 5 });
    expect(woken[1]).toMatchObject({ state: 'failed', nextAttemptAt: 90_000 });
    expect(nextWakeAt(woken, 'u1')).toBe(1_000);
    expect(nextWakeAt(woken, 'u2')).toBeNull();
  });
  it('resumes an entry caught on its way by a reload', () => {
    expect(recover(entry({ state: 'sending' })).state).toBe('pending');
    expect(recover(entry({ state: 'failed' })).state).toBe('failed');
  });
  it('counts waiting and failed entries of the user', () => {
    const entries = [
      entry({ id: 'a' }),
      entry({ id: 'b', state: 'sending' }),
      entry({ id: 'c', state: 'failed' }),
      entry({ id: 'd', state: 'sent' }),
      entry({ id: 'e', userId: 'u2' }),
    ];
    expect(counts(entries, 'u1')).toEqual({ waiting: 2, failed: 1 });
  });
});
