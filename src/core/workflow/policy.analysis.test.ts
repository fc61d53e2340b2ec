import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from './case-model.js';
import {
  ANALYSIS_ACTIONS,
  ANALYSIS_POLICY,
  analysisRoleMayEver,
  isAnalysisAllowed,
  warningRelations,
  type AnalysisRelation,
} from './policy.js';

const RELATIONS: readonly AnalysisRelation[] = ['in_scope', 'responsible', 'assigned'];

describe('the analysis policy (warnings, quality call-backs)', () => {
  it('lets the centers’ staff read the warnings of their area and the level responsible act on them', () => {
    for (const role of ['clerk', 'dispatcher', 'leader', 'supervisor'] as const) {
      expect(isAnalysisAllowed(role, 'read_warning', ['in_scope']), role).toBe(true);
    }
    for (const role of ['dispatcher', 'leader', 'supervisor'] as const) {
      expect(isAnalysisAllowed(role, 'act_on_warning', ['in_scope', 'responsible']), role).toBe(true);
      expect(isAnalysisAllowed(role, 'act_on_warning', ['in_scope']), role).toBe(false);
    }
    expect(analysisRoleMayEver('clerk', 'act_on_warning')).toBe(false);
    // a call-back is recorded by its assignee only
    expect(isAnalysisAllowed('dispatcher', 'do_quality_check', ['in_scope'])).toBe(false);
    expect(isAnalysisAllowed('clerk', 'do_quality_check', ['assigned'])).toBe(true);
    expect(isAnalysisAllowed('clerk', 'read_quality', ['in_scope'])).toBe(false);
  });

  it('gives nothing to departments, mediators, grid workers, residents, the system and the administrators (property)', () => {
    const outsiders = [
      'department_staff',
      'mediator',
      'grid_worker',
      'security_member',
      'resident',
      'system',
      'sys_admin',
      'security_admin',
      'audit_admin',
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...ANALYSIS_ACTIONS),
        fc.subarray([...RELATIONS]),
        (role, action, rel) => {
          const allowed = isAnalysisAllowed(role, action, rel);
          if ((outsiders as readonly string[]).includes(role)) expect(allowed).toBe(false);
          if (rel.length === 0) expect(allowed).toBe(false);
          expect(allowed).toBe(rel.some((r) => ANALYSIS_POLICY[action][role]?.includes(r) ?? false));
        },
      ),
    );
  });

  it('relates an actor to a warning by prefixes: the place within the scope, the level within it too', () => {
    const w = { regionCode: '371403105200', levelCode: '371403' };
    expect(warningRelations({ scopeCode: '371403105' }, w)).toEqual(['in_scope']);
    expect(warningRelations({ scopeCode: '371403' }, w)).toEqual(['in_scope', 'responsible']);
    expect(warningRelations({ scopeCode: '3714' }, w)).toEqual(['in_scope', 'responsible']);
    expect(warningRelations({ scopeCode: '371402' }, w)).toEqual([]);
    expect(warningRelations({ scopeCode: null }, w)).toEqual([]);
    fc.assert(
      fc.property(fc.stringMatching(/^3714[0-9]{0,8}$/), (scope) => {
        const rel = warningRelations({ scopeCode: scope }, w);
        // responsible for the level implies the place is in scope (the level contains the place)
        if (rel.includes('responsible')) expect(rel).toContain('in_scope');
      }),
    );
  });
});
