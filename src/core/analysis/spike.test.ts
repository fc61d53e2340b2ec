import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASELINE_WEEKS, SPIKE_DEFAULTS, detectSpike, meanAndSd, poissonUpperTail } from './spike.js';

/** A seeded Poisson sampler (Knuth), so the synthetic weeks are the same every run. */
function poissonSampler(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return (lambda: number) => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k += 1;
      p *= uniform();
    }
    return k;
  };
}

describe('the Poisson tail', () => {
  it('matches known values', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 3)).toBeCloseTo(1 - Math.exp(-3), 12);
    // P(X ≥ 5 | λ = 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125 + 0.0208333 + 0.0026042)
    expect(poissonUpperTail(5, 0.5)).toBeCloseTo(1.7212e-4, 7);
    expect(poissonUpperTail(3, 0)).toBe(0);
    // large rates do not underflow
    expect(poissonUpperTail(900, 800)).toBeGreaterThan(0);
    expect(poissonUpperTail(900, 800)).toBeLessThan(0.001);
  });

  it('falls as the count rises and rises with the rate (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.1, max: 40, noNaN: true }),
        (k, lambda) => {
          expect(poissonUpperTail(k + 1, lambda)).toBeLessThanOrEqual(poissonUpperTail(k, lambda) + 1e-12);
          expect(poissonUpperTail(k, lambda + 1)).toBeGreaterThanOrEqual(poissonUpperTail(k, lambda) - 1e-12);
        },
      ),
    );
  });
});

describe('spikes', () => {
  it('finds a planted rise in synthetic weeks and nothing without it', () => {
    const draw = poissonSampler(20260315);
    let found = 0;
    let falseAlarms = 0;
    for (let township = 0; township < 200; township++) {
      const rate = 1 + (township % 5); // baselines of 1 to 5 cases a week
      const history = Array.from({ length: BASELINE_WEEKS }, () => draw(rate));
      const ordinary = draw(rate);
      if (detectSpike(ordinary, history).spike) falseAlarms += 1;
      // the planted rise: three times the usual rate and eight more
      if (detectSpike(rate * 3 + 8, history).spike) found += 1;
    }
    expect(found).toBeGreaterThanOrEqual(196);
    expect(falseAlarms).toBeLessThanOrEqual(2);
  });

  it('explains itself: the baseline, its spread, the tail probability and the threshold', () => {
    const v = detectSpike(14, [2, 3, 1, 2, 4, 2, 3, 3]);
    expect(v).toMatchObject({ spike: true, current: 14, mean: 2.5, lambda: 2.5 });
    expect(v.sd).toBeCloseTo(0.866, 3);
    expect(v.pValue).toBeLessThan(SPIKE_DEFAULTS.alpha);
    expect(v.threshold).toBeGreaterThan(5);
    expect(v.threshold).toBeLessThanOrEqual(14);
    expect(detectSpike(v.threshold - 1, [2, 3, 1, 2, 4, 2, 3, 3]).spike).toBe(false);
  });

  it('needs at least a handful of cases, even where there were none before', () => {
    const none = Array(BASELINE_WEEKS).fill(0);
    expect(detectSpike(4, none).spike).toBe(false);
    expect(detectSpike(5, none).spike).toBe(true);
  });

  it('is monotone: more this week never undoes a spike, more before never makes one (property)', () => {
    const week = fc.integer({ min: 0, max: 30 });
    fc.assert(
      fc.property(
        fc.array(week, { minLength: BASELINE_WEEKS, maxLength: BASELINE_WEEKS }),
        week,
        fc.nat(8),
        (h, c, i) => {
          const v = detectSpike(c, h);
          expect(v.spike).toBe(c >= v.threshold);
          if (v.spike) expect(detectSpike(c + 1, h).spike).toBe(true);
          const higher = h.map((x, j) => (j === i % h.length ? x + 3 : x));
          expect(detectSpike(c, higher).threshold).toBeGreaterThanOrEqual(v.threshold);
          const { mean } = meanAndSd(h);
          if (v.spike) expect(c).toBeGreaterThanOrEqual(Math.max(SPIKE_DEFAULTS.minCount, 2 * mean));
        },
      ),
    );
  });
});
