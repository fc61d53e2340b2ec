// Demo log-ins: every staff role at the city, at four counties and at the four townships of the
// article's stories, all with one password that meets the password policy. Grid workers and
// security members of 新湖街道 and 晏北街道 sit in the grids of 胜利社区 and 阳光社区 (stories 3, 4).
import type { Kysely } from 'kysely';
import { secondFactorRequired } from '../../core/organization/second-factor.js';
import type { PiiCrypto } from '../crypto/pii-crypto.js';
import { sm3Hex } from '../crypto/pii-crypto.js';
import { base32 } from '../modules/auth/totp.js';
import { STAFF_ROLES, type StaffRole } from '../../core/workflow/case-model.js';
import type { Database, UserRole } from '../db/tables.js';
import type { RegionSeed } from '../modules/regions/region-asset.js';
import { ancestorCodes } from '../../core/regions/region-code.js';
import { fullName, pathOf } from '../modules/regions/regions.service.js';
import { GIVEN_NAMES, SURNAMES } from './demo-texts.js';
import { centerCode } from './demo-units.js';

/** ≥ 12 characters with upper case, lower case, a digit and a symbol. */
export const DEMO_PASSWORD = 'Yimen@Demo2026';

/** The places that get demo accounts; slugs become the second half of usernames (clerk.shentou). */
export const DEMO_PLACES = [
  { slug: 'dezhou', code: '3714', level: 'city' },
  { slug: 'decheng', code: '371402', level: 'county' },
  { slug: 'lingcheng', code: '371403', level: 'county' },
  { slug: 'qihe', code: '371425', level: 'county' },
  { slug: 'xiajin', code: '371427', level: 'county' },
  { slug: 'xinhu', code: '371402001', level: 'township' },
  { slug: 'shentou', code: '371403105', level: 'township' },
  { slug: 'yanbei', code: '371425002', level: 'township' },
  { slug: 'zhengbaotun', code: '371427104', level: 'township' },
] as const;

/** The communities of stories 3 (新湖街道胜利社区) and 4 (晏北街道阳光社区). */
export const STORY_VILLAGES: Readonly<Record<string, string>> = {
  '371402001': '371402001021',
  '371425002': '371425002004',
};

export interface PlannedAccount {
  username: string;
  role: UserRole;
  displayName: string;
  /** the unit's code; null for the three administrators (三员分立: no unit, no case relation) */
  unitCode: string | null;
  scopeCode: string;
}

/** A plausible, stable name for the i-th account; the article names the 胜利社区 security member. */
function displayName(i: number, username: string): string {
  if (username === 'security.xinhu') return '石浩';
  return (SURNAMES[i % SURNAMES.length] ?? '王') + (GIVEN_NAMES[(i * 7 + 3) % GIVEN_NAMES.length] ?? '伟');
}

/** The accounts to create, in a stable order: city, counties, townships; roles in schema order. */
export function planDemoAccounts(seed: RegionSeed): PlannedAccount[] {
  const plan: Omit<PlannedAccount, 'displayName'>[] = [];
  const regionRoles = (slug: string, code: string): void => {
    for (const [prefix, role] of [
      ['clerk', 'clerk'],
      ['dispatcher', 'dispatcher'],
      ['leader', 'leader'],
      ['supervisor', 'supervisor'],
    ] as const) {
      plan.push({ username: `${prefix}.${slug}`, role, unitCode: centerCode(code), scopeCode: code });
    }
  };
  for (const place of DEMO_PLACES) {
    const { slug, code } = place;
    if (place.level === 'township') {
      const villageCode = STORY_VILLAGES[code] ?? seed.villages.find((v) => v.parentCode === code)?.code;
      if (!villageCode) throw new Error(`demo township ${code} has no villages`);
      const grid = villageCode + '001';
      plan.push({
        username: `grid.${slug}`,
        role: 'grid_worker',
        unitCode: `${villageCode}-committee`,
        scopeCode: grid,
      });
      plan.push({
        username: `security.${slug}`,
        role: 'security_member',
        unitCode: `${villageCode}-committee`,
        scopeCode: grid,
      });
    }
    regionRoles(slug, code);
    // department staff: 司法所 in a township (story 1), 人社 in a county, 司法局 in the city
    const department = place.level === 'township' ? 'justice' : place.level === 'county' ? 'hrss' : 'justice';
    plan.push({
      username: `dept.${slug}`,
      role: 'department_staff',
      unitCode: `${code}-${department}`,
      scopeCode: code,
    });
    const mediation =
      place.level === 'township'
        ? 'people-mediation'
        : place.level === 'county'
          ? 'labor-mediation'
          : 'joint-mediation';
    plan.push({
      username: `mediator.${slug}`,
      role: 'mediator',
      unitCode: `${code}-${mediation}`,
      scopeCode: code,
    });
    if (place.level === 'city') {
      plan.push({ username: 'sysadmin', role: 'sys_admin', unitCode: null, scopeCode: code });
      plan.push({ username: 'secadmin', role: 'security_admin', unitCode: null, scopeCode: code });
      plan.push({ username: 'auditor', role: 'audit_admin', unitCode: null, scopeCode: code });
    }
  }
  return plan.map((a, i) => ({ ...a, displayName: displayName(i, a.username) }));
}

/** What `yimen demo accounts --json` prints. */
export interface DemoAccount {
  username: string;
  password: string;
  role: UserRole;
  scope_code: string;
  scope_name: string;
  /** the TOTP secret (base32) of an account that signs in with a second factor */
  totp_secret?: string;
}

/**
 * The second factor of a demo account whose role requires one: derived from the username, as
 * public as the demo password (a production start refuses demo accounts), so the browser suite
 * and a person trying Yimen can compute codes without reading the database.
 */
export function demoTotpSecret(username: string): string {
  return base32(Buffer.from(sm3Hex(`yimen-demo-totp/${username}`), 'hex').subarray(0, 20));
}

/**
 * Gives every active demo account whose role requires a second factor its demo secret, sealed
 * with this server's key, where it has none. Returns how many it set.
 */
export async function ensureDemoTotp(deps: {
  db: { kysely: Kysely<Database> };
  crypto: PiiCrypto;
  clock: () => Date;
}): Promise<number> {
  const rows = await deps.db.kysely
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('is_demo', '=', true)
    .where('active', '=', true)
    .where('totp_secret', 'is', null)
    .execute();
  let n = 0;
  for (const r of rows) {
    if (!secondFactorRequired(r.role)) continue;
    await deps.db.kysely
      .updateTable('users')
      .set({
        totp_secret: deps.crypto.encrypt('totp_secret', demoTotpSecret(r.username)),
        totp_pending: null,
        totp_enabled_at: deps.clock(),
        totp_last_step: null,
      })
      .where('id', '=', r.id)
      .execute();
    n++;
  }
  return n;
}

/**
 * The demo accounts in the database (is_demo), with the full name of each scope node; with the
 * server's crypto, also the TOTP secret of each that has one.
 */
export async function listDemoAccounts(db: Kysely<Database>, crypto?: PiiCrypto): Promise<DemoAccount[]> {
  const users = await db
    .selectFrom('users')
    .select(['username', 'role', 'scope_code', 'totp_secret'])
    .where('is_demo', '=', true)
    .where('active', '=', true)
    // background accounts of the demo's history (grid workers of every grid) cannot log in
    .where('username', 'not like', 'bg.%')
    .execute();
  const names = new Map<string, string>();
  for (const code of new Set(users.map((u) => u.scope_code))) {
    names.set(code, fullName(await pathOf(db, code)));
  }
  // city, then counties, then townships (grids count as their township); roles in schema order
  const depth = (code: string): number => Math.min(ancestorCodes(code).length, 3);
  const place = (code: string): string => code.slice(0, 9);
  const roleRank = (role: string): number => STAFF_ROLES.indexOf(role as StaffRole);
  return users
    .map((u) => ({
      username: u.username,
      password: DEMO_PASSWORD,
      role: u.role,
      scope_code: u.scope_code,
      scope_name: names.get(u.scope_code) ?? u.scope_code,
      ...(crypto && u.totp_secret ? { totp_secret: crypto.decrypt('totp_secret', u.totp_secret) } : {}),
    }))
    .sort(
      (a, b) =>
        depth(a.scope_code) - depth(b.scope_code) ||
        place(a.scope_code).localeCompare(place(b.scope_code)) ||
        roleRank(a.role) - roleRank(b.role) ||
        a.username.localeCompare(b.username),
    );
}

/** How many active demo accounts exist (a production start refuses to serve with any). */
export async function demoAccountCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('is_demo', '=', true)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
