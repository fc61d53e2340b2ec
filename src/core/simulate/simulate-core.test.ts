import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from '../calendar/chinese-days-source.js';
import { isWorkingDay } from '../calendar/work-calendar.js';
import { ACCOUNT_SHARES, CITY_YEAR, accountsByRole, scaled, CHANNEL_SHARES } from './city-year.js';
import { pickByWeight, simId, simRng, stratified } from './sim-random.js';
import { FIELD_HOURS, OFFICE_HOURS, yearClock } from './year-clock.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const calendar = calendarFromChineseDays();

describe('simulated ids', () => {
  it('are UUIDv7-shaped, carry their instant and are unique per stage and index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 63 }),
        fc.nat({ max: 0xffffffff }),
        (ms, seed, stage, index) => {
          const id = simId(ms, seed, stage, index);
          expect(id).toMatch(UUID_V7);
          expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
          // the same inputs, the same id; another index, another id
          expect(simId(ms, seed, stage, index)).toBe(id);
          expect(simId(ms, seed, stage, (index + 1) % 2 ** 32)).not.toBe(id);
          expect(simId(ms, seed, (stage + 1) % 64, index)).not.toBe(id);
        },
      ),
    );
  });

  it('sort by time: a later instant gives a greater id', () => {
    const a = simId(Date.UTC(2026, 0, 1), 1, 3, 99);
    const b = simId(Date.UTC(2026, 0, 1) + 1, 1, 3, 0);
    expect(a < b).toBe(true);
  });

  it('refuses a stage or index that does not fit its bits', () => {
    expect(() => simId(0, 1, 64, 0)).toThrow(RangeError);
    expect(() => simId(0, 1, 0, 2 ** 32)).toThrow(RangeError);
  });
});

describe('the seeded generator', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const a = simRng(7, 3, 1);
    const b = simRng(7, 3, 1);
    const c = simRng(7, 3, 2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('stratified picks give every value its share within one item at every prefix', () => {
    const total = CHANNEL_SHARES.reduce((s, [, w]) => s + w, 0);
    for (const n of [100, 1000, 36_000]) {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const ch = pickByWeight(CHANNEL_SHARES, stratified(i, 1));
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      for (const [ch, w] of CHANNEL_SHARES) {
        expect(Math.abs((counts.get(ch) ?? 0) - (n * w) / total)).toBeLessThanOrEqual(2);
      }
    }
  });
});

describe('the figures of a city year', () => {
  it('scale linearly, never below one', () => {
    expect(scaled('gridReports', 1)).toBe(2_490_000);
    expect(scaled('gridReports', 0.01)).toBe(24_900);
    expect(scaled('organizations', 0.000001)).toBe(1);
    expect(() => scaled('accounts', 0)).toThrow(RangeError);
    expect(CITY_YEAR.residents + CITY_YEAR.houses + CITY_YEAR.organizations).toBe(7_500_000);
  });

  it('split the accounts by role, 19,300 at scale 1 with 14,000 grid workers, every role at least once', () => {
    const full = accountsByRole(19_300);
    expect(full.get('grid_worker')).toBe(14_000);
    expect([...full.values()].reduce((a, b) => a + b, 0)).toBe(19_300);
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100_000 }), (total) => {
        const m = accountsByRole(total);
        expect([...m.values()].reduce((a, b) => a + b, 0)).toBe(total);
        for (const [role] of ACCOUNT_SHARES) expect(m.get(role)).toBeGreaterThanOrEqual(1);
        expect(m.get('department_staff')).toBeGreaterThanOrEqual(2);
      }),
    );
  });
});

describe('the year clock', () => {
  const clock = yearClock(2026, calendar, OFFICE_HOURS);

  it('maps [0, 1) into the CST year, monotonically', () => {
    expect(clock.start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(clock.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const x = clock.at(lo).getTime();
          const y = clock.at(hi).getTime();
          expect(x).toBeLessThanOrEqual(y);
          expect(x).toBeGreaterThanOrEqual(clock.start.getTime());
          expect(y).toBeLessThan(clock.end.getTime());
        },
      ),
    );
  });

  it('puts most of a center’s day in office hours and on working days', () => {
    const n = 20_000;
    let office = 0;
    let working = 0;
    for (let i = 0; i < n; i++) {
      const at = clock.at((i + 0.5) / n);
      const cst = new Date(at.getTime() + 8 * 3600_000);
      const h = cst.getUTCHours();
      if (h >= 8 && h < 18) office += 1;
      if (isWorkingDay(calendar, cst.toISOString().slice(0, 10))) working += 1;
    }
    expect(office / n).toBeGreaterThan(0.75);
    expect(working / n).toBeGreaterThan(0.8);
    const field = yearClock(2026, calendar, FIELD_HOURS, 0.6);
    expect(field.at(0.5).getTime()).toBeGreaterThan(Date.UTC(2026, 5, 1));
  });
});
