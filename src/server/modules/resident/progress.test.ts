import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../core/workflow/policy.js';
import { RECORD_ACTIONS } from '../../../core/workflow/records.js';
import { residentStep, unitIdsOfStep, type StepEvent } from './progress.js';

const names: Record<string, string> = {
  u1: '神头镇人民调解委员会',
  u2: '陵城区人社局',
  c: '陵城区神头镇综治中心',
};
const name = (id: string | null) => (id ? (names[id] ?? null) : null);
const at = new Date('2026-03-15T01:30:00Z');
const ev = (
  action: string,
  payload: Record<string, unknown> = {},
  actorUnitId: string | null = null,
): StepEvent => ({
  seq: 1,
  at,
  action,
  payload,
  actorUnitId,
});

describe('the resident-readable progress line', () => {
  it('names the unit of each visible step, in both languages', () => {
    expect(residentStep(ev('register', { owner_unit_id: 'c' }), name, 'zh-CN')?.text).toBe(
      '诉求已登记，由陵城区神头镇综治中心负责',
    );
    expect(residentStep(ev('assign', { unit_id: 'u1', note: 'x' }), name, 'en')).toEqual({
      seq: 1,
      at: at.toISOString(),
      action: 'assign',
      text: 'Assigned to 神头镇人民调解委员会',
      unitName: '神头镇人民调解委员会',
    });
    expect(residentStep(ev('escalate', { department_unit_ids: ['u2'] }), name, 'zh-CN')?.text).toBe(
      '已提请上级协调办理（陵城区人社局）',
    );
    expect(
      residentStep(
        ev('conclude', { outcome: 'mediation_failed', guidance: 'arbitration' }, 'u1'),
        name,
        'zh-CN',
      )?.text,
    ).toBe('已办结：调解未成功，可通过仲裁途径继续解决');
    expect(residentStep(ev('decline', { guidance: 'litigation' }), name, 'en')?.text).toBe(
      'Not accepted; you may pursue a lawsuit',
    );
    expect(unitIdsOfStep(ev('escalate', { department_unit_ids: ['u2', 'u1'] }))).toEqual(['u2', 'u1']);
  });

  it('hides internal steps: handling notes, clocks, rejections awaiting a ruling, oversight records', () => {
    for (const action of [
      'handle',
      'pause_clock',
      'resume_clock',
      'request_extension',
      'reject',
      'report_in',
    ]) {
      expect(residentStep(ev(action, { note: 'n' }), name, 'zh-CN')).toBeNull();
    }
    for (const action of RECORD_ACTIONS) expect(residentStep(ev(action), name, 'zh-CN')).toBeNull();
    expect(
      residentStep(ev('rule_rejection', { decision: 'overrule', unit_id: 'u1' }), name, 'zh-CN'),
    ).toBeNull();
  });

  it('never carries a note, reason, summary or other free text of the ledger (property)', () => {
    const secret = fc.string({ minLength: 4, maxLength: 12 }).map((s) => `§${s}§`);
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTIONS, ...RECORD_ACTIONS),
        secret,
        fc.constantFrom<'zh-CN' | 'en'>('zh-CN', 'en'),
        (action, s, lang) => {
          const payload = {
            note: s,
            reason: s,
            summary: s,
            legal_ground: s,
            evidence: [s],
            unit_id: 'u1',
            owner_unit_id: 'c',
            department_unit_ids: ['u2'],
            decision: 'uphold',
            outcome: 'mediated_agreement',
            satisfaction: 'satisfied',
          };
          const step = residentStep(ev(action, payload, 'u1'), name, lang);
          return step === null || !JSON.stringify(step).includes('§');
        },
      ),
    );
  });
});
