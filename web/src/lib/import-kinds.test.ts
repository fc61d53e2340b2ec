import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../src/core/workflow/case-model';
import { importKindsOf } from './import-kinds';

describe('the imports a role is offered (the server’s mayImport, base information aside)', () => {
  it('gives each administrator only their own kinds (三员分立)', () => {
    expect(importKindsOf('sys_admin')).toEqual(['units', 'mediation-orgs']);
    expect(importKindsOf('security_admin')).toEqual(['users']);
    expect(importKindsOf('audit_admin')).toEqual([]);
  });

  it('gives hotline work orders to clerks and dispatchers with a unit', () => {
    expect(importKindsOf('clerk')).toEqual(['cases']);
    expect(importKindsOf('dispatcher')).toEqual(['cases']);
    expect(importKindsOf('clerk', false)).toEqual([]);
  });

  it('offers nothing to anyone else', () => {
    const others = STAFF_ROLES.filter(
      (r) => !['sys_admin', 'security_admin', 'clerk', 'dispatcher'].includes(r),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const role of others) expect(importKindsOf(role), role).toEqual([]);
  });
});
