import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FigureCache } from './figure-cache.js';

function counting() {
  let calls = 0;
  const compute = (v: string) => () => {
    calls += 1;
    return Promise.resolve(`${v}#${calls}`);
  };
  return { compute, calls: () => calls };
}

describe('FigureCache', () => {
  it('computes once for concurrent requests of one key, and apart for another key', async () => {
    const t = 0;
    const cache = new FigureCache({ maxAgeMs: 2000, now: () => t });
    let release!: (v: string) => void;
    let calls = 0;
    const slow = () => {
      calls += 1;
      return new Promise<string>((r) => (release = r));
    };
    const a = cache.get('overview:371403', slow);
    const b = cache.get('overview:371403', slow);
    expect(calls).toBe(1);
    release('figures');
    expect(await Promise.all([a, b])).toEqual(['figures', 'figures']);
    const other = counting();
    expect(await cache.get('overview:371402', other.compute('x'))).toBe('x#1');
  });

  it('reuses figures younger than the maximum age and computes them anew after', async () => {
    let t = 1000;
    const cache = new FigureCache({ maxAgeMs: 2000, now: () => t });
    const c = counting();
    expect(await cache.get('k', c.compute('v'))).toBe('v#1');
    t += 1999;
    expect(await cache.get('k', c.compute('v'))).toBe('v#1');
    t += 1;
    expect(await cache.get('k', c.compute('v'))).toBe('v#2');
    expect(c.calls()).toBe(2);
  });

  it('does not keep a failure: the next request computes again', async () => {
    const cache = new FigureCache({ maxAgeMs: 60_000, now: () => 0 });
    await expect(cache.get('k', () => Promise.reject(new Error('database gone')))).rejects.toThrow(
      'database gone',
    );
    expect(await cache.get('k', () => Promise.resolve('back'))).toBe('back');
  });

  it('with a maximum age of 0 computes every request', async () => {
    const cache = new FigureCache({ maxAgeMs: 0 });
    const c = counting();
    await Promise.all([cache.get('k', c.compute('v')), cache.get('k', c.compute('v'))]);
    expect(c.calls()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('never answers older figures than the maximum age, and keeps at most maxEntries (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), step: fc.nat(1500) }), {
          minLength: 1,
          maxLength: 60,
        }),
        async (requests) => {
          let t = 0;
          const cache = new FigureCache({ maxAgeMs: 1000, maxEntries: 3, now: () => t });
          for (const { key, step } of requests) {
            t += step;
            const computedAt = await cache.get(key, () => Promise.resolve(t));
            expect(t - computedAt).toBeLessThan(1000);
            expect(cache.size).toBeLessThanOrEqual(3);
          }
        },
      ),
    );
  });
});
