import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './case-model.js';
import {
  GRID_ACTIONS,
  gridRoleMayEver,
  isGridAllowed,
  type GridAction,
  type GridRelation,
} from './policy.js';

/**
 * The grid rows of the policy, written independently: I in scope (the record's grid within the
 * actor's scope), A the unit a report is assigned to; '-' never. Columns as in policy.test.ts.
 */
const COLUMNS: Role[] = [
  'grid_worker', 'security_member', 'clerk', 'dispatcher', 'department_staff', 'mediator', 'leader',
  'supervisor', 'sys_admin', 'security_admin', 'audit_admin', 'resident', 'system',
]; // prettier-ignore

// prettier-ignore
const TABLE = `
  action           grid  secm  clerk disp  dept  med   ldr   sup   sysA  secA  audA  res   sys
  log_work         I     I     -     -     -     -     -     -     -     -     -     -     -
  read_work        I     I     I     I     -     -     I     I     -     -     -     -     -
  report           I     I     -     -     -     -     -     -     -     -     -     -     -
  read_report      IA    I     IA    IA    A     A     I     I     -     -     -     -     -
  assign_report    -     -     -     I     -     -     -     -     -     -     -     -     -
  conclude_report  A     -     A     IA    A     A     -     -     -     -     -     -     -
  plan             -     -     -     I     -     -     -     -     -     -     -     -     -
  read_stats       -     -     I     I     -     -     I     I     -     -     -     -     -
`;
const LETTER: Record<string, GridRelation> = { I: 'in_scope', A: 'assigned_unit' };
const RELATIONS: GridRelation[] = ['in_scope', 'assigned_unit'];

const expected = new Map<GridAction, Map<Role, Set<GridRelation>>>();
for (const row of TABLE.trim().split('\n').slice(1)) {
  const [action, ...cells] = row.trim().split(/\s+/);
  expected.set(
    action as GridAction,
    new Map(cells.map((c, i) => [COLUMNS[i]!, new Set(c === '-' ? [] : [...c].map((l) => LETTER[l]!))])),
  );
}

describe('the grid rows of the policy table', () => {
  it('the reference covers every grid action', () => {
    expect([...expected.keys()].sort()).toEqual([...GRID_ACTIONS].sort());
  });

  it.each(GRID_ACTIONS.map((a) => [a]))('%s matches the reference for every role and relation', (action) => {
    for (const role of ROLES) {
      const allowed = expected.get(action)!.get(role)!;
      expect(
        RELATIONS.filter((r) => isGridAllowed(role, action, [r])),
        `${role}`,
      ).toEqual(RELATIONS.filter((r) => allowed.has(r)));
      expect(gridRoleMayEver(role, action)).toBe(allowed.size > 0);
    }
  });

  it('allows nothing without a relation, and nothing to the administrators, residents or the system', () => {
    for (const action of GRID_ACTIONS) {
      for (const role of ROLES) expect(isGridAllowed(role, action, [])).toBe(false);
      for (const role of ['sys_admin', 'security_admin', 'audit_admin', 'resident', 'system'] as Role[]) {
        expect(gridRoleMayEver(role, action)).toBe(false);
      }
    }
  });
});
