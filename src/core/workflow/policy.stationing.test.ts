import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from './case-model.js';
import {
  isStationingAllowed,
  STATIONING_ACTIONS,
  STATIONING_POLICY,
  type StationingRelation,
} from './policy.js';

const RELATIONS: readonly StationingRelation[] = ['in_scope', 'center_staff', 'any', 'called_unit'];

describe('the stationing policy', () => {
  it('lets the system administrator or the center’s dispatcher configure, nobody else', () => {
    expect(isStationingAllowed('sys_admin', 'configure', ['any'])).toBe(true);
    expect(isStationingAllowed('dispatcher', 'configure', ['any', 'in_scope', 'center_staff'])).toBe(true);
    expect(isStationingAllowed('dispatcher', 'configure', ['any', 'in_scope'])).toBe(false);
    expect(isStationingAllowed('clerk', 'configure', ['any', 'in_scope', 'center_staff'])).toBe(false);
  });

  it('never lets the security or audit administrator act, and only a called unit answers', () => {
    const relations = fc.subarray([...RELATIONS]);
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...STATIONING_ACTIONS),
        relations,
        (role, action, rel) => {
          const allowed = isStationingAllowed(role, action, rel);
          if (role === 'security_admin' || role === 'audit_admin') expect(allowed).toBe(false);
          if (action === 'answer_call' && allowed) expect(rel).toContain('called_unit');
          if (rel.length === 0) expect(allowed).toBe(false);
          // allowed means the table names one of the relations
          expect(allowed).toBe(rel.some((r) => STATIONING_POLICY[action][role]?.includes(r) ?? false));
        },
      ),
    );
  });
});
