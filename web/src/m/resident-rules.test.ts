import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitWithin, phoneOk, problemsOf, registrationBody } from './resident-rules';

describe('photo compression size', () => {
  it('keeps the longest side within the limit and the aspect ratio, never enlarging', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12000 }), fc.integer({ min: 1, max: 12000 }), (w, h) => {
        const r = fitWithin(w, h, 1600);
        expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(Math.max(1600, 1));
        expect(r.width).toBeLessThanOrEqual(w);
        expect(r.height).toBeLessThanOrEqual(h);
        if (Math.max(w, h) <= 1600) expect(r).toEqual({ width: w, height: h });
        else
          expect(Math.abs(r.width / r.height - w / h)).toBeLessThan(
            Math.max(1 / r.height, 1 / r.width) * (w / h + 1),
          );
      }),
    );
  });
  it('scales a 4000×3000 photo to 1600×1200', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
  });
});

describe('the resident form', () => {
  const full = { categoryCode: 'neighbor', description: '楼上漏水多次协商无果', name: '张三', agreed: true };
  it('is complete with a place, a category, a description, a name and the privacy consent', () => {
    expect(problemsOf(full, '371403105200001')).toEqual([]);
  });
  it('names each missing part', () => {
    expect(problemsOf({}, null)).toEqual(['place', 'category', 'description', 'name', 'privacy']);
    expect(problemsOf({ ...full, agreed: false }, '371403105')).toEqual(['privacy']);
    expect(problemsOf({ ...full, description: ' 漏水 ' }, '371403105')).toEqual(['description']);
  });
  it('makes the resident the applicant with the verified phone, on the qr channel', () => {
    const body = registrationBody(
      { ...full, respondent: ' 李四 ', address: '' },
      { phone: '138 0013 8000', place: '371403105200001', privacyNoticeVersion: '2026-1' },
    );
    expect(body.channel).toBe('qr');
    expect(body.parties).toEqual([
      { role: 'applicant', name: '张三', phone: '13800138000' },
      { role: 'respondent', name: '李四' },
    ]);
    expect(body).not.toHaveProperty('address');
    expect(body.privacyNoticeVersion).toBe('2026-1');
  });
  it('accepts mainland mobile numbers only', () => {
    expect(phoneOk('13800138000')).toBe(true);
    expect(phoneOk('1380013800')).toBe(false);
    expect(phoneOk('0534-2345678')).toBe(false);
  });
});
