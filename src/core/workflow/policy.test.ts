import { describe, expect, it } from 'vitest';
import type { Relation, Role } from './case-model.js';
import { RELATIONS, ROLES } from './case-model.js';
import type { PolicyAction } from './policy.js';
import { POLICY_ACTIONS, isAllowed, roleMayEver } from './policy.js';

/**
 * The reference, written independently of policy.ts: for each action, the relations under which
 * each role may act. Letters: L lead, C co_handler, S summoned, O owner, I in_scope, P party, N none;
 * '-' means never. Columns are the roles in this order:
 */
const COLUMNS: Role[] = [
  'grid_worker', 'security_member', 'clerk', 'dispatcher', 'department_staff', 'mediator', 'leader',
  'supervisor', 'sys_admin', 'security_admin', 'audit_admin', 'resident', 'system',
]; // prettier-ignore

// prettier-ignore
const TABLE = `
  action             grid  secm  clerk disp  dept  med   ldr   sup   sysA  secA  audA  res   sys
  register           I     I     I     I     -     -     -     -     -     -     -     N     N
  assign             -     -     -     I     -     -     -     -     -     -     -     -     -
  accept             LO    -     LO    LO    LO    LO    -     -     -     -     -     -     -
  reject             L     -     -     -     L     L     -     -     -     -     -     -     -
  rule_rejection     -     -     -     I     -     -     -     -     -     -     -     -     -
  transfer           -     -     -     I     L     L     -     -     -     -     -     -     -
  add_co_handler     L     -     -     I     L     L     -     -     -     -     -     -     -
  escalate           LO    -     LO    I     L     L     -     -     -     -     -     -     -
  report_in          -     -     -     -     S     S     -     -     -     -     -     -     -
  handle             LC    -     LC    LC    LC    LC    -     -     -     -     -     -     -
  pause_clock        L     -     L     L     L     L     -     -     -     -     -     -     -
  resume_clock       L     -     L     L     L     L     -     -     -     -     -     -     -
  request_extension  L     -     L     L     L     L     -     -     -     -     -     -     -
  rule_extension     -     -     -     -     -     -     I     I     -     -     -     -     -
  conclude           L     -     L     L     L     L     -     -     -     -     -     -     -
  follow_up          -     -     IO    IO    -     -     -     -     -     -     -     P     -
  reopen             -     -     -     I     -     -     I     I     -     -     -     -     N
  archive            -     -     IO    IO    -     -     -     -     -     -     -     -     -
  withdraw           -     -     IO    -     -     -     -     -     -     -     -     P     -
  decline            -     -     IO    IO    -     -     -     -     -     -     -     -     -
  supervise          -     -     -     -     -     -     I     I     -     -     -     -     -
  answer_supervision L     -     L     L     L     L     -     -     -     -     -     -     -
  instruct           -     -     -     -     -     -     I     -     -     -     -     -     -
  rate_response      LO    -     LO    I     L     L     -     -     -     -     -     -     -
  assign_mediation   -     -     -     I     -     LC    -     -     -     -     -     -     -
  mediate            -     -     -     -     LC    LC    -     -     -     -     -     -     -
  record_performance -     -     IO    IO    LC    LC    -     -     -     -     -     -     -
  read               LCOI  OI    LCOI  LCOI  LCSO  LCSO  I     I     -     -     -     P     -
  unmask             LO    -     IO    I     LC    LC    -     -     -     -     -     -     -
  attach             LCO   O     LCOI  LCOI  LCO   LCO   -     -     -     -     -     P     -
`;

const LETTER: Record<string, Relation> = {
  L: 'lead',
  C: 'co_handler',
  S: 'summoned',
  O: 'owner',
  I: 'in_scope',
  P: 'party',
  N: 'none',
};

function parseTable(text: string): Map<PolicyAction, Map<Role, Set<Relation>>> {
  const rows = text.trim().split('\n').slice(1);
  const out = new Map<PolicyAction, Map<Role, Set<Relation>>>();
  for (const row of rows) {
    const [action, ...cells] = row.trim().split(/\s+/);
    if (cells.length !== COLUMNS.length) throw new Error(`table row ${action} has ${cells.length} cells`);
    const byRole = new Map<Role, Set<Relation>>();
    cells.forEach((cell, i) => {
      const letters = cell === '-' ? [] : [...cell];
      byRole.set(COLUMNS[i] as Role, new Set(letters.map((l) => LETTER[l] as Relation)));
    });
    out.set(action as PolicyAction, byRole);
  }
  return out;
}

const expected = parseTable(TABLE);
const ADMINS: Role[] = ['sys_admin', 'security_admin', 'audit_admin'];

describe('the policy table', () => {
  it('the reference covers every action and every role', () => {
    expect([...expected.keys()].sort()).toEqual([...POLICY_ACTIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
  });

  describe.each(POLICY_ACTIONS.map((a) => [a]))('%s', (action) => {
    it.each(ROLES.map((r) => [r]))('for %s matches the reference under every relation', (role) => {
      const allowed = expected.get(action)?.get(role) ?? new Set<Relation>();
      const actual = RELATIONS.filter((rel) => isAllowed(role, action, [rel]));
      expect(actual).toEqual(RELATIONS.filter((rel) => allowed.has(rel)));
    });
  });

  it('allows the three administrators nothing on cases (三员分立)', () => {
    for (const role of ADMINS) {
      for (const action of POLICY_ACTIONS) {
        expect(isAllowed(role, action, RELATIONS)).toBe(false);
        expect(roleMayEver(role, action)).toBe(false);
      }
    }
  });

  it('allows nothing without a relation except registering, and the system reopening (重办)', () => {
    const withNone = ROLES.flatMap((role) =>
      POLICY_ACTIONS.filter((action) => isAllowed(role, action, ['none'])).map(
        (action) => `${role}:${action}`,
      ),
    );
    expect(withNone.sort()).toEqual(['resident:register', 'system:register', 'system:reopen']);
  });

  it('grants residents only what a party needs: register, follow up, withdraw, read, add evidence', () => {
    const resident = POLICY_ACTIONS.filter((a) => roleMayEver('resident', a));
    expect(resident).toEqual(['register', 'follow_up', 'withdraw', 'read', 'attach']);
    expect(isAllowed('resident', 'read', ['none'])).toBe(false);
  });

  it('allows an action when any one of several relations permits it', () => {
    expect(isAllowed('clerk', 'escalate', ['in_scope', 'owner'])).toBe(true);
    expect(isAllowed('clerk', 'escalate', ['in_scope'])).toBe(false);
    expect(isAllowed('department_staff', 'handle', ['summoned', 'co_handler'])).toBe(true);
    expect(isAllowed('department_staff', 'handle', [])).toBe(false);
  });

  it('roleMayEver is true exactly for the roles the reference gives some relation', () => {
    for (const action of POLICY_ACTIONS) {
      for (const role of ROLES) {
        expect(roleMayEver(role, action)).toBe((expected.get(action)?.get(role)?.size ?? 0) > 0);
      }
    }
  });
});
