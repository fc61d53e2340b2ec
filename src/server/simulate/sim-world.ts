// What a simulated year happens in: the city's region tree and units as the database has them,
// the time limits, the calendar, and the simulated accounts — planned, not read back, so every
// stage can name the same people without asking the database (ids come from the seed).
import type { Kysely } from 'kysely';
import type { WorkCalendar } from '../../core/calendar/work-calendar.js';
import type { TimeLimitRule } from '../../core/deadlines/time-limits.js';
import { accountsByRole, scaled } from '../../core/simulate/city-year.js';
import { hash32, simId } from '../../core/simulate/sim-random.js';
import type { StaffRole } from '../../core/workflow/case-model.js';
import type { Database } from '../db/tables.js';
import { GIVEN_NAMES, SURNAMES } from '../seed/demo-texts.js';

/** The stage numbers inside simulated ids (6 bits): each kind of row has its own. */
export const ID_STAGE = {
  organization: 1,
  accounts: 2,
  cases: 3,
  parties: 4,
  disputeReports: 5,
  reportInTasks: 6,
  gridReports: 7,
  workItems: 8,
  workItemKeys: 9,
  residents: 10,
  houses: 11,
  organizations: 12,
} as const;

export interface SimOptions {
  city: string;
  year: number;
  scale: number;
  seed: number;
}

export interface SimUnit {
  id: string;
  code: string;
  name: string;
  kind: 'center' | 'department' | 'mediation_org' | 'village_committee';
  region_code: string;
  mediation_kind: string | null;
}

export interface SimUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  unit: SimUnit;
  scope: string;
  /** grid staff count in the statistics; the others are background accounts that cannot log in */
  active: boolean;
}

export interface SimWorld extends SimOptions {
  calendar: WorkCalendar;
  rules: TimeLimitRule[];
  counties: { code: string; name: string }[];
  townships: { code: string; name: string }[];
  villageName: Map<string, string>;
  /**
   * The place part of an address: township and village name, unique within the county (a village
   * name repeated in a township gets its code's last digits), so addresses built on it are too.
   */
  placeName: Map<string, string>;
  /** village codes per township */
  villagesOf: Map<string, string[]>;
  units: Map<string, SimUnit>;
  /** townships whose centers have a full team (clerk, dispatcher, mediator, 司法所, 派出所) */
  teams: string[];
  /** grid codes with a worker, in the order workers were placed */
  workedGrids: string[];
  users: SimUser[];
  /** `${unitCode}|${role}` → accounts */
  staffAt: Map<string, SimUser[]>;
  /** grid code → its grid workers and security members */
  gridStaff: Map<string, SimUser[]>;
}

/** One staff account of a role at a unit, or undefined. */
export function staffOf(w: SimWorld, unitCode: string, role: StaffRole, pick = 0): SimUser | undefined {
  const list = w.staffAt.get(`${unitCode}|${role}`);
  return list?.length ? list[pick % list.length] : undefined;
}

/** Loads the city from the database and plans the accounts. */
export async function loadWorld(
  db: Kysely<Database>,
  opts: SimOptions,
  calendar: WorkCalendar,
): Promise<SimWorld> {
  const like = `${opts.city}%`;
  const regions = await db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', 'like', like)
    .where('level', 'in', ['county', 'township', 'village', 'grid'])
    .orderBy('code')
    .execute();
  const units = await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind', 'region_code', 'mediation_kind'])
    .where('region_code', 'like', like)
    .orderBy('code')
    .execute();
  const rules = await db
    .selectFrom('time_limit_rules')
    .select(['stage', 'category_code', 'level', 'mediation_kind', 'working_days'])
    .where('active', '=', true)
    .execute();
  const world: SimWorld = {
    ...opts,
    calendar,
    rules: rules.map((r) => ({
      stage: r.stage,
      categoryCode: r.category_code,
      level: r.level,
      mediationKind: r.mediation_kind,
      workingDays: r.working_days,
    })),
    counties: regions.filter((r) => r.level === 'county').map((r) => ({ code: r.code, name: r.name })),
    townships: regions.filter((r) => r.level === 'township').map((r) => ({ code: r.code, name: r.name })),
    villageName: new Map(regions.filter((r) => r.level === 'village').map((r) => [r.code, r.name])),
    villagesOf: new Map(),
    placeName: new Map(),
    units: new Map(units.map((u) => [u.code, u as SimUnit])),
    teams: [],
    workedGrids: [],
    users: [],
    staffAt: new Map(),
    gridStaff: new Map(),
  };
  const townshipName = new Map(world.townships.map((t) => [t.code, t.name]));
  const seen = new Set<string>();
  for (const r of regions) {
    if (r.level !== 'village' || !r.parent_code) continue;
    const list = world.villagesOf.get(r.parent_code) ?? [];
    list.push(r.code);
    world.villagesOf.set(r.parent_code, list);
    let place = `${townshipName.get(r.parent_code) ?? ''}${r.name}`;
    if (seen.has(`${r.code.slice(0, 6)}|${place}`)) place += r.code.slice(9);
    seen.add(`${r.code.slice(0, 6)}|${place}`);
    world.placeName.set(r.code, place);
  }
  planAccounts(
    world,
    regions.filter((r) => r.level === 'grid').map((r) => r.code),
  );
  return world;
}

/**
 * Places the accounts: a team in as many townships as the staff allow (all 134 at scale 1.0),
 * grid workers grid by grid starting in those townships, the rest at the counties and the city.
 */
function planAccounts(w: SimWorld, grids: string[]): void {
  const counts = accountsByRole(scaled('accounts', w.scale));
  const n = (role: StaffRole) => counts.get(role) ?? 0;
  const order = [...w.townships]
    .map((t) => t.code)
    .sort((a, b) => hash32(w.seed, Number(a)) - hash32(w.seed, Number(b)) || a.localeCompare(b));
  const teamCount = Math.max(
    1,
    Math.min(order.length, n('clerk'), n('dispatcher'), n('mediator'), Math.floor(n('department_staff') / 2)),
  );
  w.teams = order.slice(0, teamCount);
  const rank = new Map(order.map((code, i) => [code, i]));
  // grid by grid across the team's townships in turn (each gets workers even at a small scale),
  // then the other townships' likewise
  const nth = new Map<string, number>();
  const seenIn = new Map<string, number>();
  for (const g of [...grids].sort()) {
    const t = g.slice(0, 9);
    const k = seenIn.get(t) ?? 0;
    nth.set(g, k);
    seenIn.set(t, k + 1);
  }
  const inTeam = (g: string) => rank.get(g.slice(0, 9))! < teamCount;
  const gridOrder = [...grids].sort(
    (a, b) =>
      Number(inTeam(b)) - Number(inTeam(a)) ||
      nth.get(a)! - nth.get(b)! ||
      rank.get(a.slice(0, 9))! - rank.get(b.slice(0, 9))!,
  );
  const unit = (code: string) => w.units.get(code);
  const city = w.city;
  const centers = (codes: string[]) => codes.map((c) => unit(`${c}-center`)).filter((u) => u !== undefined);
  const cityAndCounties = [city, ...w.counties.map((c) => c.code)];
  const others = order.slice(teamCount);
  const byKind = (kind: SimUnit['kind'], where: (u: SimUnit) => boolean) =>
    [...w.units.values()].filter((u) => u.kind === kind && where(u));
  const atCityOrCounty = (u: SimUnit) => u.region_code.length <= 6;
  const inOthers = new Set(others);

  // each role's places: the team's first, then the rest round robin
  const places: Record<StaffRole, SimUnit[][]> = {
    grid_worker: [],
    security_member: [],
    clerk: [centers(w.teams), centers([...cityAndCounties, ...others])],
    dispatcher: [centers(w.teams), centers([...cityAndCounties, ...others])],
    mediator: [
      w.teams.map((t) => unit(`${t}-people-mediation`)).filter((u) => u !== undefined),
      [
        ...byKind('mediation_org', atCityOrCounty),
        ...others.map((t) => unit(`${t}-people-mediation`)).filter((u) => u !== undefined),
      ],
    ],
    department_staff: [
      w.teams.flatMap((t) => [unit(`${t}-justice`), unit(`${t}-police`)]).filter((u) => u !== undefined),
      [...byKind('department', atCityOrCounty), ...byKind('department', (u) => inOthers.has(u.region_code))],
    ],
    leader: [[], centers([...cityAndCounties, ...w.teams, ...others])],
    supervisor: [[], centers([...cityAndCounties, ...w.teams, ...others])],
    sys_admin: [],
    security_admin: [],
    audit_admin: [],
  };

  let k = 0;
  const start = Date.UTC(w.year, 0, 1) - 8 * 3600_000;
  const add = (role: StaffRole, u: SimUnit, scope: string, seq: number) => {
    const h = hash32(w.seed, 77, k);
    const user: SimUser = {
      id: simId(start, w.seed, ID_STAGE.accounts, k),
      username: `sim.${role}.${seq + 1}`,
      displayName: SURNAMES[h % SURNAMES.length]! + GIVEN_NAMES[(h >>> 8) % GIVEN_NAMES.length]!,
      role,
      unit: u,
      scope,
      active: role === 'grid_worker' || role === 'security_member',
    };
    k += 1;
    w.users.push(user);
    const key = `${u.code}|${role}`;
    const list = w.staffAt.get(key) ?? [];
    list.push(user);
    w.staffAt.set(key, list);
    if (user.active) {
      const here = w.gridStaff.get(scope) ?? [];
      here.push(user);
      w.gridStaff.set(scope, here);
    }
  };

  const workers = n('grid_worker');
  const placed: string[] = [];
  for (let i = 0; i < workers; i++) {
    const grid = gridOrder[i % gridOrder.length]!;
    const committee = unit(`${grid.slice(0, 12)}-committee`);
    if (!committee) continue;
    if (i < gridOrder.length) placed.push(grid);
    add('grid_worker', committee, grid, i);
  }
  w.workedGrids = placed;
  for (let i = 0; i < n('security_member'); i++) {
    const grid = placed[i % placed.length]!;
    add('security_member', unit(`${grid.slice(0, 12)}-committee`)!, grid, i);
  }
  for (const role of [
    'clerk',
    'dispatcher',
    'mediator',
    'department_staff',
    'leader',
    'supervisor',
  ] as const) {
    const [first, rest] = places[role] as [SimUnit[], SimUnit[]];
    for (let i = 0; i < n(role); i++) {
      const u = i < first.length ? first[i]! : rest.length ? rest[(i - first.length) % rest.length]! : null;
      if (u) add(role, u, u.region_code, i);
    }
  }
}
