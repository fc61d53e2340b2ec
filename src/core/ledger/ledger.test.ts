import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HashFn, LedgerEntry, StoredEvent } from './ledger.js';
import { GENESIS_HASH, canonicalBody, chainEntry, verifyChain } from './ledger.js';
import type { Draft } from './test-factories.js';
import { CASE_ID, buildChain, buildEntry, rewrite } from './test-factories.js';

const sm3: HashFn = (text) => createHash('sm3').update(text, 'utf8').digest('hex');

/** register → assign → accept → handle → conclude */
const fiveEvents = (): StoredEvent[] =>
  buildChain(
    [
      buildEntry(),
      buildEntry({
        action: 'assign',
        from_state: 'registered',
        to_state: 'assigned',
        payload: { unitId: 'u1' },
      }),
      buildEntry({ action: 'accept', from_state: 'assigned', to_state: 'in_progress', payload: {} }),
      buildEntry({
        action: 'handle',
        from_state: 'in_progress',
        to_state: 'in_progress',
        payload: { note: 'x', n: 1.5 },
      }),
      buildEntry({
        action: 'conclude',
        from_state: 'in_progress',
        to_state: 'concluded',
        payload: { outcome: 'mediated' },
      }),
    ],
    sm3,
  );

describe('chainEntry', () => {
  it('stores the canonical body, its SM3 hash and the link to the previous hash', () => {
    const linked = chainEntry(buildEntry({ payload: { b: 1, a: [true] } }), GENESIS_HASH, sm3);
    expect(linked.prev_hash).toBe(GENESIS_HASH);
    expect(linked.hash).toBe(sm3(linked.body));
    expect(linked.body).toBe(
      '{"action":"register","actor_id":"0195a0c0-0000-7000-8000-0000000000aa","actor_role":"clerk",' +
        '"actor_unit_id":null,"at":"2026-03-15T01:02:03.004Z","case_id":"0195a0c0-0000-7000-8000-000000000001",' +
        `"from_state":null,"payload":{"a":[true],"b":1},"prev_hash":"${GENESIS_HASH}","seq":1,"to_state":"registered"}`,
    );
  });

  it('writes a body that canonicalBody reproduces from its parsed form', () => {
    const { body } = chainEntry(
      buildEntry({ payload: { z: '转办', a: { y: null, b: -0 } } }),
      GENESIS_HASH,
      sm3,
    );
    expect(canonicalBody(JSON.parse(body) as LedgerEntry)).toBe(body);
    expect(body).toContain('"payload":{"a":{"b":0,"y":null},"z":"转办"}');
  });

  it('hashes only the entry fields, not extra properties of the object passed', () => {
    const extra = { ...buildEntry(), county_code: '371403' } as Draft;
    expect(chainEntry(extra, GENESIS_HASH, sm3).body).toBe(chainEntry(buildEntry(), GENESIS_HASH, sm3).body);
  });

  it('refuses a malformed time, seq or previous hash', () => {
    expect(() => chainEntry(buildEntry({ at: '2026-03-15T09:02:03+08:00' }), GENESIS_HASH, sm3)).toThrow(
      RangeError,
    );
    expect(() => chainEntry(buildEntry({ seq: 0 }), GENESIS_HASH, sm3)).toThrow(RangeError);
    expect(() => chainEntry(buildEntry({ seq: 2 }), GENESIS_HASH, sm3)).toThrow(RangeError);
    expect(() => chainEntry(buildEntry({ seq: 1 }), sm3('x'), sm3)).toThrow(RangeError);
    expect(() => chainEntry(buildEntry({ seq: 2 }), 'ABC', sm3)).toThrow(RangeError);
  });
});

describe('verifyChain', () => {
  it('accepts a valid chain, whatever order and spelling the jsonb copy gives the payload', () => {
    const events = fiveEvents();
    events[3]!.payload = { n: 1.5, note: 'x' };
    expect(verifyChain(events, sm3)).toBeNull();
    expect(verifyChain([], sm3)).toBeNull();
  });

  it('finds an edited body by its hash', () => {
    const events = fiveEvents();
    events[2]!.body = events[2]!.body.replace('"accept"', '"reject"');
    expect(verifyChain(events, sm3)).toEqual({ case_id: CASE_ID, seq: 3, problem: 'hash_mismatch' });
  });

  it('finds an edited hash column', () => {
    const events = fiveEvents();
    events[1]!.hash = sm3('forged');
    expect(verifyChain(events, sm3)).toEqual({ case_id: CASE_ID, seq: 2, problem: 'hash_mismatch' });
  });

  it('finds a rewritten and rehashed body at the next link', () => {
    const events = fiveEvents();
    rewrite(events, 1, (e) => ({ ...e, payload: { unitId: 'u2' } }), sm3);
    events[1]!.payload = { unitId: 'u2' };
    expect(verifyChain(events, sm3)).toEqual({ case_id: CASE_ID, seq: 3, problem: 'broken_link' });
  });

  it('finds an edited payload, action or to_state column', () => {
    for (const edit of [
      (e: StoredEvent) => (e.payload = { unitId: 'u9' }),
      (e: StoredEvent) => (e.action = 'transfer'),
      (e: StoredEvent) => (e.to_state = 'concluded'),
      (e: StoredEvent) => (e.case_id = 'another'),
    ]) {
      const events = fiveEvents();
      edit(events[1]!);
      expect(verifyChain(events, sm3)).toMatchObject({ seq: 2, problem: 'body_mismatch' });
    }
  });

  it('finds an edited prev_hash column as a broken link', () => {
    const events = fiveEvents();
    events[3]!.prev_hash = GENESIS_HASH;
    expect(verifyChain(events, sm3)).toEqual({ case_id: CASE_ID, seq: 4, problem: 'broken_link' });
  });

  it('finds a deleted middle event as a gap at the event after it', () => {
    const events = fiveEvents();
    events.splice(2, 1);
    expect(verifyChain(events, sm3)).toEqual({ case_id: CASE_ID, seq: 4, problem: 'seq_gap' });
  });

  it('finds two swapped events, whether or not their seq columns were swapped too', () => {
    const swapped = fiveEvents();
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyChain(swapped, sm3)).toEqual({ case_id: CASE_ID, seq: 3, problem: 'seq_gap' });

    const renumbered = fiveEvents();
    [renumbered[1], renumbered[2]] = [
      { ...renumbered[2]!, seq: 2 },
      { ...renumbered[1]!, seq: 3 },
    ];
    expect(verifyChain(renumbered, sm3)).toEqual({ case_id: CASE_ID, seq: 2, problem: 'broken_link' });
  });

  it('refuses a body that is not the canonical JSON of an entry, even when rehashed', () => {
    const bodies = [
      (b: string) => b.replace('{', '{ '),
      () => 'not json',
      (b: string) => canonicalJsonWithout(b, 'actor_role'),
      (b: string) => b.replace('"seq":2', '"seq":"2"'),
    ];
    for (const edit of bodies) {
      const events = fiveEvents();
      events[1]!.body = edit(events[1]!.body);
      events[1]!.hash = sm3(events[1]!.body);
      expect(verifyChain(events, sm3)).toMatchObject({ seq: 2, problem: 'unparsable_body' });
    }
  });

  it("finds another case's entry spliced into the chain", () => {
    const events = fiveEvents();
    rewrite(events, 1, (e) => ({ ...e, case_id: 'other-case' }), sm3);
    events[1]!.case_id = 'other-case';
    expect(verifyChain(events, sm3)).toMatchObject({ seq: 2, problem: 'broken_link' });
  });
});

function canonicalJsonWithout(body: string, key: string): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  delete parsed[key];
  return JSON.stringify(Object.fromEntries(Object.entries(parsed).sort(([a], [b]) => (a < b ? -1 : 1))));
}
