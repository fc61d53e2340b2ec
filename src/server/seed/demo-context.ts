// What the demo scenarios share: a deterministic random source, the services' dependencies with
// a movable clock, the organization's units, and a helper that acts with the current version.
import { makeIdNumber } from '../../core/pii/validation.js';
import type { AppDeps } from '../deps.js';
import type { AuthContext } from '../modules/auth/auth.service.js';
import type { PartyInput } from '../modules/cases/register-case.js';
import { transitionCaseInTx, type TransitionInput } from '../modules/cases/transition-case.js';
import type { Trx } from '../db/transaction.js';
import type { DemoActors, UnitInfo } from './demo-actors.js';
import { GIVEN_NAMES, SURNAMES } from './demo-texts.js';

/** A small deterministic PRNG (mulberry32): the same demo on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
export type Rng = ReturnType<typeof prng>;

/** Context every scenario needs: the services' dependencies with a movable clock, and the org. */
export interface SeedContext {
  deps: AppDeps;
  /** the seeding transaction: the whole demo commits at once, or not at all */
  db: Trx;
  actors: DemoActors;
  rng: Rng;
  units: Map<string, UnitInfo>;
  setTime(at: Date): void;
  later(hours: number): void;
}

export const unitByCode = (ctx: SeedContext, code: string): UnitInfo => {
  const u = ctx.units.get(code);
  if (!u) throw new Error(`demo seed: no unit ${code}`);
  return u;
};

/** Runs one transition with the case's current version; returns the new version. */
export async function act(
  ctx: SeedContext,
  auth: AuthContext,
  c: { id: string; version: number },
  command: TransitionInput['command'],
  hours = 2 + ctx.rng.int(30),
): Promise<void> {
  ctx.later(hours);
  const result = await transitionCaseInTx(ctx.db, ctx.deps, {
    auth,
    caseId: c.id,
    expectedVersion: c.version,
    command,
    ip: '127.0.0.1',
  });
  // one action may write more than one event (a resident's "unsatisfied" reopens at once)
  c.version = result.version;
}

export function makeParty(rng: Rng, countyCode: string, role: PartyInput['role']): PartyInput {
  const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
  const birth = `${1950 + rng.int(50)}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
  return {
    role,
    name,
    phone: `1${rng.pick(['3', '5', '7', '8'])}${String(rng.int(1e9)).padStart(9, '0')}`,
    idNumber: makeIdNumber(countyCode, birth, String(rng.int(1000)).padStart(3, '0')),
    address: `${name.slice(0, 1)}家庄${1 + rng.int(99)}号`,
  };
}
