import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKey, namePinyinKey } from './repeat-keys.js';
import { commonRegion, higherSeverity, responsibleLevel } from './warning-routing.js';
import { drawSample, pickChecker, sampleSize, weekBounds, weekStartOf } from './quality-sample.js';
import { stableHash } from './stable-hash.js';

describe('repeat keys', () => {
  it('keys a name by its pinyin, whatever characters, spacing or romanization were typed', () => {
    for (const name of ['张伟', '张 伟', '张玮', '章伟', 'ZHANG Wei', 'zhang wei', 'Ｚｈａｎｇ　Ｗｅｉ']) {
      expect(namePinyinKey(name), name).toBe('zhangwei');
    }
    expect(namePinyinKey('张为民')).toBe('zhangweimin');
    expect(namePinyinKey('吕布')).toBe('lvbu');
    // surnames read as surnames
    expect(namePinyinKey('单雄信')).toBe('shanxiongxin');
    expect(namePinyinKey('曾国藩')).toBe('zengguofan');
  });

  it('keys nothing it cannot read', () => {
    expect(namePinyinKey('')).toBeNull();
    expect(namePinyinKey('  ')).toBeNull();
    expect(namePinyinKey('王2')).toBeNull();
  });

  it('keys an address in normalized form, and not a too short one', () => {
    expect(addressKey('德州市 陵城区，神头镇 1 号')).toBe(addressKey('德州市陵城区神头镇1号'));
    expect(addressKey('本村')).toBeNull();
    expect(addressKey(null)).toBeNull();
  });
});

describe('warning routing', () => {
  it('sends red to the county, the rest to the level that handles the case', () => {
    expect(responsibleLevel('371403105200', 'red', 'township')).toBe('371403');
    expect(responsibleLevel('371403105200', 'orange', 'village')).toBe('371403105');
    expect(responsibleLevel('371403105200', 'yellow', 'county')).toBe('371403');
    expect(responsibleLevel('371403105200', 'orange', 'city')).toBe('3714');
    expect(responsibleLevel('371403105', 'orange')).toBe('371403105');
  });

  it('finds the common place of several cases at a level with centers', () => {
    expect(commonRegion(['371403105200', '371403105201'])).toBe('371403105');
    expect(commonRegion(['371403105200', '371403106001'])).toBe('371403');
    expect(commonRegion(['371403105200', '371402001001'])).toBe('3714');
    expect(commonRegion(['371403105200'])).toBe('371403105');
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^3714[0-9]{8}$/), { minLength: 1, maxLength: 5 }), (codes) => {
        const r = commonRegion(codes);
        for (const c of codes) expect(c.startsWith(r)).toBe(true);
        expect([4, 6, 9]).toContain(r.length);
      }),
    );
  });

  it('orders severities', () => {
    expect(higherSeverity('yellow', 'red')).toBe('red');
    expect(higherSeverity('orange', 'yellow')).toBe('orange');
  });
});

describe('the weekly quality sample', () => {
  it('draws 10 %, at least 3 (or all there are)', () => {
    expect([0, 1, 2, 3, 10, 29, 30, 31, 200].map((n) => sampleSize(n))).toEqual([0, 1, 2, 3, 3, 3, 3, 4, 20]);
  });

  it('draws the same cases for the same seed whatever their order, and a subset of them (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 60 }), fc.string(), (ids, seed) => {
        const a = drawSample(ids, seed);
        const b = drawSample([...ids].reverse(), seed);
        expect(a).toEqual(b);
        expect(a.length).toBe(sampleSize(ids.length));
        for (const id of a) expect(ids).toContain(id);
        expect(new Set(a).size).toBe(a.length);
      }),
    );
  });

  it('draws differently in different weeks', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `case-${i}`);
    const weeks = ['2026-03-02', '2026-03-09', '2026-03-16'].map((w) =>
      drawSample(ids, `quality:371403:${w}`).join(),
    );
    expect(new Set(weeks).size).toBe(3);
  });

  it('picks a checker among the candidates only, spreading the load', () => {
    expect(pickChecker([], 's', 'c')).toBeNull();
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const who = pickChecker(['u1', 'u2', 'u3'], 'seed', `case-${i}`)!;
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['u1', 'u2', 'u3']);
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);
  });

  it('knows the CST week of an instant', () => {
    expect(weekStartOf(new Date('2026-03-15T15:59:59Z'))).toBe('2026-03-09'); // Sunday 23:59 CST
    expect(weekStartOf(new Date('2026-03-15T16:00:00Z'))).toBe('2026-03-16'); // Monday 00:00 CST
    expect(weekBounds('2026-03-16')).toEqual({
      from: new Date('2026-03-15T16:00:00Z'),
      to: new Date('2026-03-22T16:00:00Z'),
    });
  });

  it('hashes stably', () => {
    expect(stableHash('')).toBe(stableHash(''));
    expect(stableHash('a')).not.toBe(stableHash('b'));
  });
});
