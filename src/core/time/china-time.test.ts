import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCaseNo, shanghaiDay } from './china-time.js';

describe('China Standard Time days', () => {
  it('counts 16:00 UTC as the next day in Shanghai', () => {
    expect(shanghaiDay(new Date('2026-03-14T15:59:59Z'))).toBe('20260314');
    expect(shanghaiDay(new Date('2026-03-14T16:00:00Z'))).toBe('20260315');
  });
  it('formats case numbers with the center code, the CST day and a 4-digit serial', () => {
    expect(formatCaseNo('371403105', new Date('2026-03-15T02:00:00Z'), 42)).toBe('371403105-20260315-0042');
  });
  it('never differs from UTC by more than one day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const utc = d.toISOString().slice(0, 10).replace(/-/g, '');
          const cst = shanghaiDay(d);
          const next = shanghaiDay(new Date(d.getTime() + 24 * 3600_000));
          expect(cst === utc || cst > utc).toBe(true);
          expect(cst <= next).toBe(true);
        },
      ),
    );
  });
});
