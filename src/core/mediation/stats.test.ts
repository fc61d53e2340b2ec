import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCounts, mediationFigures, NO_COUNTS, type MediationCounts } from './stats.js';

describe('mediation figures (调解统计)', () => {
  it('rates agreements over concluded cases and averages days from team to conclusion', () => {
    const f = mediationFigures({
      cases: 10,
      concluded: 8,
      agreements: 6,
      failed: 2,
      durationSeconds: 8 * 5 * 86_400 + 3600 * 12,
    });
    expect(f.successRate).toBe(0.75);
    expect(f.averageDays).toBe(5.1);
    expect(f.open).toBe(2);
  });

  it('has no rate and no average when nothing concluded', () => {
    expect(mediationFigures({ ...NO_COUNTS, cases: 3 })).toMatchObject({
      successRate: null,
      averageDays: null,
      open: 3,
    });
  });

  it('refuses counts that cannot be', () => {
    expect(() => mediationFigures({ ...NO_COUNTS, cases: 1, concluded: 2 })).toThrow(RangeError);
    expect(() =>
      mediationFigures({ cases: 3, concluded: 2, agreements: 2, failed: 1, durationSeconds: 0 }),
    ).toThrow(RangeError);
  });

  it('a total of parts rates between the smallest and largest part’s rate', () => {
    const counts = fc
      .record({
        cases: fc.integer({ min: 0, max: 500 }),
        concluded: fc.integer({ min: 0, max: 500 }),
        agreements: fc.integer({ min: 0, max: 500 }),
        failed: fc.integer({ min: 0, max: 500 }),
        durationSeconds: fc.integer({ min: 0, max: 10_000_000 }),
      })
      .map((c): MediationCounts => {
        const concluded = Math.min(c.concluded, c.cases);
        const agreements = Math.min(c.agreements, concluded);
        return { ...c, concluded, agreements, failed: Math.min(c.failed, concluded - agreements) };
      });
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 8 }), (parts) => {
        const total = mediationFigures(parts.reduce(addCounts, NO_COUNTS));
        expect(total.cases).toBe(parts.reduce((s, p) => s + p.cases, 0));
        const rates = parts
          .map((p) => mediationFigures(p).successRate)
          .filter((r): r is number => r !== null);
        if (total.successRate === null) expect(rates).toEqual([]);
        else {
          expect(total.successRate).toBeGreaterThanOrEqual(Math.min(...rates) - 1e-4);
          expect(total.successRate).toBeLessThanOrEqual(Math.max(...rates) + 1e-4);
        }
      }),
    );
  });
});
