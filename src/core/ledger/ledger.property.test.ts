import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChainProblem, HashFn, StoredEvent } from './ledger.js';
import { verifyChain } from './ledger.js';
import { CASE_ID, buildChain, rewrite } from './test-factories.js';

const sm3: HashFn = (text) => createHash('sm3').update(text, 'utf8').digest('hex');

describe('verifyChain properties', () => {
  const draftArb = fc.record({
    actor_id: fc.option(fc.uuid(), { nil: null }),
    actor_role: fc.constantFrom('clerk', 'dispatcher', 'department_staff'),
    actor_unit_id: fc.option(fc.uuid(), { nil: null }),
    action: fc.constantFrom('register', 'assign', 'accept', 'handle', 'conclude'),
    from_state: fc.option(fc.constantFrom('registered', 'assigned'), { nil: null }),
    to_state: fc.constantFrom('registered', 'assigned', 'in_progress'),
    payload: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    at: fc.integer({ min: 1.7e12, max: 1.9e12 }).map((ms) => new Date(ms).toISOString()),
  });
  const chainArb = fc.array(draftArb, { minLength: 1, maxLength: 6 }).map((ds) =>
    buildChain(
      ds.map((d) => ({ ...d, case_id: CASE_ID, seq: 0 })),
      sm3,
    ),
  );

  it('verifies every chain written by chainEntry', () => {
    fc.assert(
      fc.property(chainArb, (events) => {
        expect(verifyChain(events, sm3)).toBeNull();
      }),
    );
  });

  type Mutation = {
    kind: string;
    apply: (events: StoredEvent[], i: number) => void;
    problem: ChainProblem['problem'];
  };
  const mutations: Mutation[] = [
    {
      kind: 'body char',
      problem: 'hash_mismatch',
      apply: (es, i) => {
        const b = es[i]!.body;
        const k = b.length >> 1;
        es[i]!.body = b.slice(0, k) + (b[k] === 'a' ? 'b' : 'a') + b.slice(k + 1);
      },
    },
    {
      kind: 'hash',
      problem: 'hash_mismatch',
      apply: (es, i) => void (es[i]!.hash = sm3(`x${i}`)),
    },
    {
      kind: 'payload column',
      problem: 'body_mismatch',
      apply: (es, i) => void (es[i]!.payload = { wrapped: es[i]!.payload }),
    },
    {
      kind: 'action column',
      problem: 'body_mismatch',
      apply: (es, i) => void (es[i]!.action += '!'),
    },
    {
      kind: 'prev_hash column',
      problem: 'broken_link',
      apply: (es, i) => void (es[i]!.prev_hash = sm3('p')),
    },
    { kind: 'seq column', problem: 'seq_gap', apply: (es, i) => void (es[i]!.seq += 10) },
  ];

  it('detects any single mutation of any event, where it happened', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...mutations), (events, pick, m) => {
        const i = pick % events.length;
        m.apply(events, i);
        expect(verifyChain(events, sm3)).toMatchObject({ seq: events[i]!.seq, problem: m.problem });
      }),
    );
  });

  it('detects a deleted, swapped or rehashed event anywhere but at the head', () => {
    const longChain = chainArb.filter((es) => es.length >= 2);
    fc.assert(
      fc.property(longChain, fc.nat(), fc.constantFrom('delete', 'swap', 'rehash'), (events, pick, kind) => {
        const i = pick % (events.length - 1);
        if (kind === 'delete') events.splice(i, 1);
        if (kind === 'swap') [events[i], events[i + 1]] = [events[i + 1]!, events[i]!];
        if (kind === 'rehash') rewrite(events, i, (e) => ({ ...e, at: '2000-01-01T00:00:00.000Z' }), sm3);
        const expected = kind === 'rehash' ? 'broken_link' : 'seq_gap';
        expect(verifyChain(events, sm3)).toMatchObject({ seq: i + 2, problem: expected });
      }),
    );
  });
});
