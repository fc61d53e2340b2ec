import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HELD_OUT_FOLDS, isHeldOut, splitLabelled } from './split.js';

describe('the held-out split of the labelled texts', () => {
  it('depends on the id alone, whatever the order of the records', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 40 }), (ids) => {
        const records = ids.map((id) => ({ id }));
        const a = splitLabelled(records);
        const b = splitLabelled([...records].reverse());
        expect(new Set(a.heldOut.map((r) => r.id))).toEqual(new Set(b.heldOut.map((r) => r.id)));
        expect(a.train.length + a.heldOut.length).toBe(ids.length);
        for (const r of a.heldOut) expect(isHeldOut(r.id)).toBe(true);
      }),
    );
  });

  it('holds out about one record in HELD_OUT_FOLDS', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `labor-${i}`);
    const share = ids.filter(isHeldOut).length / ids.length;
    expect(share).toBeGreaterThan(1 / HELD_OUT_FOLDS - 0.03);
    expect(share).toBeLessThan(1 / HELD_OUT_FOLDS + 0.03);
  });
});
