import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATES, DEFAULT_CATEGORIES, OUTCOMES } from '../workflow/case-model.js';
import { open311Status, serviceOf, statusNote } from './open311.js';

describe('Open311 views', () => {
  it('makes every default category a realtime service with a group and its name among the keywords', () => {
    for (const c of DEFAULT_CATEGORIES) {
      for (const lang of ['zh', 'en'] as const) {
        const s = serviceOf({ code: c.code, name_zh: c.zh, name_en: c.en }, lang);
        expect(s).toMatchObject({ service_code: c.code, metadata: true, type: 'realtime' });
        expect(s.service_name).toBe(lang === 'en' ? c.en : c.zh);
        expect(s.keywords.split(',')[0]).toBe(c.zh);
        expect(s.group).not.toBe('');
      }
    }
  });

  it('puts a category added later in "other", and ignores inherited names', () => {
    expect(serviceOf({ code: 'parking', name_zh: '停车纠纷', name_en: 'Parking' }, 'en')).toMatchObject({
      group: 'Other',
      keywords: '停车纠纷',
    });
    expect(serviceOf({ code: 'constructor', name_zh: '构造', name_en: 'C' }, 'zh').group).toBe('其他');
  });

  it('is open while the case is in the loop and closed once concluded or left', () => {
    expect(CASE_STATES.filter((s) => open311Status(s) === 'open')).toEqual([
      'registered',
      'assigned',
      'in_progress',
    ]);
  });

  it('notes the state, and for concluded cases the kind of outcome only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_STATES),
        fc.constantFrom(null, ...OUTCOMES),
        fc.constantFrom('zh' as const, 'en' as const),
        (state, outcome, lang) => {
          const note = statusNote(state, outcome, lang);
          expect(note.length).toBeGreaterThan(3);
          if (lang === 'en') expect(note).not.toMatch(/[\u4e00-\u9fff]/);
          else expect(note).toMatch(/[\u4e00-\u9fff]/);
        },
      ),
    );
    expect(statusNote('concluded', 'mediated_agreement', 'zh')).toBe('已办结，等待回访。调解成功。');
    expect(statusNote('in_progress', 'mediated_agreement', 'en')).toBe(
      'Being handled by the responsible unit.',
    );
  });
});
