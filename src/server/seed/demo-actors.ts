// Who acts in the demo cases. The featured demo log-ins act where they exist; elsewhere the seeder
// creates background staff accounts (inactive: they cannot log in) so that every ledger entry
// names a real user, as it would in production.
import type { Kysely } from 'kysely';
import type { StaffRole } from '../../core/workflow/case-model.js';
import type { Database } from '../db/tables.js';
import type { AuthContext, StaffUser } from '../modules/auth/auth.service.js';

export interface UnitInfo {
  id: string;
  code: string;
  name: string;
  kind: 'center' | 'department' | 'mediation_org' | 'village_committee';
  region_code: string;
}

export class DemoActors {
  private readonly cache = new Map<string, AuthContext>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly newId: () => string,
    private readonly passwordHash: string,
    private readonly now: Date,
  ) {}

  /** A staff context for `role` working at `unit`, scoped to `scopeCode`. */
  async staff(role: StaffRole, unit: UnitInfo, scopeCode: string): Promise<AuthContext> {
    const key = `${role}:${unit.id}:${scopeCode}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let row = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('role', '=', role)
      .where('unit_id', '=', unit.id)
      .where('scope_code', '=', scopeCode)
      .orderBy('active', 'desc')
      .executeTakeFirst();
    if (!row) {
      const id = this.newId();
      const username = `bg.${role}.${unit.code}.${scopeCode}`.slice(0, 64);
      const displayName = `${unit.name.slice(0, 12)}${ROLE_ZH[role]}`;
      await this.db
        .insertInto('users')
        .values({
          id,
          username,
          password_hash: this.passwordHash,
          display_name: displayName,
          role,
          unit_id: unit.id,
          scope_code: scopeCode,
          must_change_password: true,
          is_demo: true,
          active: false,
          created_at: this.now,
        })
        .execute();
      row = { id, username, display_name: displayName };
    }
    const user: StaffUser = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role,
      unitId: unit.id,
      unitName: unit.name,
      scopeCode,
      scopeName: null,
      mustChangePassword: false,
    };
    const ctx: AuthContext = {
      kind: 'staff',
      user,
      tokenHash: '',
      actor: { role, userId: user.id, unitId: unit.id, scopeCode },
    };
    this.cache.set(key, ctx);
    return ctx;
  }

  /** The role that acts for a unit of this kind when it handles a case. */
  static handlerRole(kind: UnitInfo['kind']): StaffRole {
    switch (kind) {
      case 'department':
        return 'department_staff';
      case 'mediation_org':
        return 'mediator';
      case 'village_committee':
        return 'grid_worker';
      case 'center':
        return 'dispatcher';
    }
  }
}

const ROLE_ZH: Record<StaffRole, string> = {
  grid_worker: '网格员',
  security_member: '治保员',
  clerk: '受理员',
  dispatcher: '调度员',
  department_staff: '工作人员',
  mediator: '调解员',
  leader: '领导',
  supervisor: '督办员',
  sys_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};
