// Grid work of the demo (issue 6): a grid worker in every grid of the four story townships, plans
// set by each township, a month of routine work items, grid reports of every type in every status
// (through the real report service), and story 3's night patrol as a patrol log.
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Insertable } from 'kysely';
import { REPORT_TIME_LIMITS, type WorkKind } from '../../core/grid/grid-rules.js';
import type { Database } from '../db/tables.js';
import type { AuthContext } from '../modules/auth/auth.service.js';
import { assignReportInTx, concludeReportInTx, reportInTx } from '../modules/grid/grid-reports.service.js';
import type { ReportBodyT } from '../modules/grid/grid.schemas.js';
import { sealedPlace } from '../modules/grid/grid-work.service.js';
import { DEMO_PLACES, STORY_VILLAGES } from './demo-accounts.js';
import { makeParty, unitByCode, type Rng, type SeedContext } from './demo-context.js';
import { DESCRIPTIONS, GIVEN_NAMES, SURNAMES } from './demo-texts.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Grids per township that get a worker and a month of work: enough for the console, quick to seed. */
const GRIDS_PER_TOWNSHIP = 60;

const NOTES: Record<WorkKind, readonly string[]> = {
  visit: [
    '入户走访，了解家庭生产生活情况',
    '走访独居老人，身体状况良好，提醒注意用电安全',
    '走访困难家庭，登记诉求并反馈村委会',
    '回访上月调解的邻里纠纷当事人，双方关系和睦',
  ],
  patrol: [
    '日常巡查，未发现异常',
    '巡查沿街商铺消防通道，已提醒清理杂物',
    '巡查河道及坑塘，设置警示标志完好',
  ],
  outreach: ['宣传防范电信网络诈骗知识，发放资料', '宣传山东解纷码使用方法', '开展反家暴法律知识宣传'],
  collection: ['采集新入住人员信息', '更新出租房屋及承租人信息', '核实重点人员居住情况'],
};
const KIND_WEIGHTS: readonly [WorkKind, number][] = [
  ['visit', 50],
  ['collection', 20],
  ['outreach', 15],
  ['patrol', 15],
];
const pickKind = (rng: Rng): WorkKind => {
  let r = rng.next() * 100;
  for (const [k, w] of KIND_WEIGHTS) if ((r -= w) < 0) return k;
  return 'visit';
};

const REPORT_TEXTS: Record<Exclude<ReportBodyT['type'], 'dispute'>, string> = {
  public_security: '村口出租屋近期人员进出频繁，形迹可疑',
  fire: '沿街门店楼道堆放纸箱杂物，堵塞消防通道',
  traffic: '村口路段路灯损坏，夜间通行存在安全隐患',
  workplace_safety: '小作坊违规使用液化气罐，未配备灭火器',
  environment: '村西坑塘有人倾倒建筑垃圾',
  other: '村内公共健身器材损坏，需要维修',
};
const RESULTS: Record<Exclude<ReportBodyT['type'], 'dispute'>, string> = {
  public_security: '派出所民警上门核查，已登记租住人员信息',
  fire: '已督促门店清理杂物，消防通道恢复畅通',
  traffic: '已协调供电所更换路灯',
  workplace_safety: '已责令停用并配齐灭火器材',
  environment: '已清理建筑垃圾并设置禁倒标志',
  other: '村委会已联系厂家维修',
};

type Township = (typeof DEMO_PLACES)[number] & { level: 'township' };

export async function seedGridWork(ctx: SeedContext, now: Date): Promise<{ items: number; reports: number }> {
  const townships = DEMO_PLACES.filter((p): p is Township => p.level === 'township');
  const workers = await ensureGridWorkers(ctx, townships, now);
  await seedPlans(ctx, townships, now);
  const items = await seedWorkItems(ctx, workers, now);
  let reports = 0;
  for (const t of townships) reports += await seedReports(ctx, t, now);
  await seedStoryPatrol(ctx, now);
  return { items: items + 1, reports };
}

interface GridWorker {
  grid: string;
  userId: string;
  role: 'grid_worker' | 'security_member';
}

/**
 * One grid worker per grid (the first GRIDS_PER_TOWNSHIP grids of each township, and every grid
 * with a demo account). Background accounts are active, so that they count as workers in the
 * statistics, but nobody can log in: their password is random and never stored.
 */
async function ensureGridWorkers(ctx: SeedContext, townships: Township[], now: Date): Promise<GridWorker[]> {
  const { db } = ctx;
  const out: GridWorker[] = [];
  const unusable = await hash(randomBytes(24).toString('hex'));
  for (const t of townships) {
    const grids = await db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'grid')
      .where('code', 'like', `${t.code}%`)
      .orderBy('code')
      .limit(GRIDS_PER_TOWNSHIP)
      .execute();
    const existing = await db
      .selectFrom('users')
      .select(['id', 'username', 'scope_code', 'role', 'active'])
      .where('role', 'in', ['grid_worker', 'security_member'])
      .where('scope_code', 'like', `${t.code}%`)
      .execute();
    const codes = new Set(grids.map((g) => g.code));
    for (const u of existing) if (u.active) codes.add(u.scope_code);
    const rows: Insertable<Database['users']>[] = [];
    const revive: string[] = [];
    for (const grid of [...codes].sort()) {
      const here = existing.filter((u) => u.scope_code === grid);
      const mine = here.filter((u) => u.active);
      for (const u of mine) out.push({ grid, userId: u.id, role: u.role as GridWorker['role'] });
      if (mine.some((u) => u.role === 'grid_worker')) continue;
      // the cases' history may have made this grid's worker already (inactive): they work here now
      const earlier = here.find((u) => u.role === 'grid_worker' && u.username.startsWith('bg.'));
      if (earlier) {
        revive.push(earlier.id);
        out.push({ grid, userId: earlier.id, role: 'grid_worker' });
        continue;
      }
      const committee = unitByCode(ctx, `${grid.slice(0, 12)}-committee`);
      const id = ctx.deps.newId();
      rows.push({
        id,
        username: `bg.grid_worker.${committee.code}.${grid}`.slice(0, 64),
        password_hash: unusable,
        display_name: ctx.rng.pick(SURNAMES) + ctx.rng.pick(GIVEN_NAMES),
        role: 'grid_worker',
        unit_id: committee.id,
        scope_code: grid,
        must_change_password: true,
        is_demo: true,
        active: true,
        created_at: now,
      });
      out.push({ grid, userId: id, role: 'grid_worker' });
    }
    if (revive.length) {
      await db
        .updateTable('users')
        .set({ active: true, password_hash: unusable })
        .where('id', 'in', revive)
        .execute();
    }
    if (rows.length) await db.insertInto('users').values(rows).execute();
  }
  return out;
}

async function userId(ctx: SeedContext, username: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function seedPlans(ctx: SeedContext, townships: Township[], now: Date): Promise<void> {
  const rows: Insertable<Database['grid_plans']>[] = [];
  for (const t of townships) {
    const createdBy = await userId(ctx, `dispatcher.${t.slug}`);
    const plan = (
      region: string,
      kind: WorkKind,
      title: string,
      every: 'day' | 'week' | 'month',
      count: number,
    ) =>
      rows.push({
        county_code: region.slice(0, 6),
        id: ctx.deps.newId(),
        region_code: region,
        kind,
        title,
        every,
        count,
        created_by: createdBy,
        created_at: new Date(now.getTime() - 40 * DAY),
      });
    plan(t.code, 'visit', '入户走访', 'week', 5);
    plan(t.code, 'patrol', '日常巡查', 'day', 1);
    plan(t.code, 'outreach', '政策法规宣传', 'month', 2);
    plan(t.code, 'collection', '基础信息采集更新', 'month', 10);
    const village = STORY_VILLAGES[t.code];
    if (village) plan(village, 'patrol', '夜间治安巡逻', 'day', 1);
  }
  await ctx.db.insertInto('grid_plans').values(rows).execute();
}

/** A month of routine work: most days a grid worker logs something; security members patrol at night. */
async function seedWorkItems(ctx: SeedContext, workers: GridWorker[], now: Date): Promise<number> {
  const { rng } = ctx;
  const rows: Insertable<Database['grid_work_items']>[] = [];
  const startOfToday = Math.floor((now.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  for (const w of workers) {
    for (let d = 30; d >= 0; d--) {
      const dayStart = startOfToday - d * DAY;
      const night = w.role === 'security_member';
      if (rng.next() > (night ? 0.8 : 0.75)) continue;
      const kind: WorkKind = night ? 'patrol' : pickKind(rng);
      const at = new Date(
        dayStart + (night ? 20 + rng.int(3) : 8 + rng.int(10)) * HOUR + rng.int(60) * 60_000,
      );
      if (at.getTime() > now.getTime()) continue;
      rows.push({
        county_code: w.grid.slice(0, 6),
        id: ctx.deps.newId(),
        occurred_at: at,
        region_code: w.grid,
        worker_id: w.userId,
        kind,
        recorded_at: new Date(at.getTime() + rng.int(30) * 60_000),
        latitude: null,
        longitude: null,
        accuracy_m: null,
        ...sealedPlace(
          ctx.deps,
          kind === 'visit' ? `${1 + rng.int(8)}组 ${rng.pick(SURNAMES)}家` : undefined,
        ),
        note: night ? '夜间巡逻，重点查看车辆、门店和偏僻路段，未发现异常' : rng.pick(NOTES[kind]),
        patrol:
          kind === 'patrol'
            ? JSON.stringify({ route: night ? '村（社区）主干道—小区—沿街门店' : '网格内主要道路' })
            : null,
        plan_id: null,
        client_key: ctx.deps.newId(),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    await ctx.db
      .insertInto('grid_work_items')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return rows.length;
}

/**
 * Each township's demo grid worker reports one of every type in every status, spread over the last
 * month: open ones recent (one of them overdue), assigned, concluded in time and late; and a dispute.
 */
async function seedReports(ctx: SeedContext, t: Township, now: Date): Promise<number> {
  const { rng } = ctx;
  const workerRow = await ctx.db
    .selectFrom('users')
    .select(['scope_code'])
    .where('username', '=', `grid.${t.slug}`)
    .executeTakeFirstOrThrow();
  const grid = workerRow.scope_code;
  const committee = unitByCode(ctx, `${grid.slice(0, 12)}-committee`);
  const center = unitByCode(ctx, `${t.code}-center`);
  const police = unitByCode(ctx, `${t.code}-police`);
  const worker = await ctx.actors.staff('grid_worker', committee, grid);
  const dispatcher = await ctx.actors.staff('dispatcher', center, t.code);
  const unitFor = (type: keyof typeof REPORT_TIME_LIMITS) =>
    type === 'environment' || type === 'other' ? committee : type === 'workplace_safety' ? center : police;
  const handlerOf = async (type: keyof typeof REPORT_TIME_LIMITS): Promise<AuthContext> => {
    const unit = unitFor(type);
    if (unit.kind === 'village_committee') return worker;
    if (unit.kind === 'center') return dispatcher;
    return ctx.actors.staff('department_staff', unit, t.code);
  };
  let count = 0;
  const types = Object.keys(REPORT_TIME_LIMITS) as (keyof typeof REPORT_TIME_LIMITS)[];
  for (const [i, type] of types.entries()) {
    for (const status of ['reported', 'assigned', 'concluded', 'late'] as const) {
      // open reports are recent (the first type's one is overdue); closed ones spread over the month
      const daysAgo = status === 'reported' ? (i === 0 ? 4 : 0) : status === 'assigned' ? 1 : 3 + rng.int(25);
      ctx.setTime(new Date(now.getTime() - daysAgo * DAY - (1 + rng.int(6)) * HOUR));
      const id = ctx.deps.newId();
      await reportInTx(ctx.db, ctx.deps, worker, {
        id,
        gridCode: grid,
        ip: '127.0.0.1',
        body: {
          clientKey: ctx.deps.newId(),
          type,
          description: REPORT_TEXTS[type],
          place: `${1 + rng.int(8)}组`,
        },
      });
      count += 1;
      if (status === 'reported') continue;
      ctx.later(1 + rng.int(3));
      await assignReportInTx(
        ctx.db,
        ctx.deps,
        dispatcher,
        id,
        { unitId: unitFor(type).id, note: '请按时限处置' },
        '127.0.0.1',
      );
      if (status === 'assigned') continue;
      ctx.later(status === 'late' ? ((REPORT_TIME_LIMITS[type] + 3) * DAY) / HOUR : 3 + rng.int(12));
      await concludeReportInTx(
        ctx.db,
        ctx.deps,
        await handlerOf(type),
        id,
        { result: RESULTS[type] },
        '127.0.0.1',
      );
    }
  }
  ctx.setTime(new Date(now.getTime() - 2 * DAY));
  const category = rng.pick(Object.keys(DESCRIPTIONS));
  await reportInTx(ctx.db, ctx.deps, worker, {
    id: ctx.deps.newId(),
    gridCode: grid,
    ip: '127.0.0.1',
    body: {
      clientKey: ctx.deps.newId(),
      type: 'dispute',
      categoryCode: category,
      description: rng.pick(DESCRIPTIONS[category]!),
      parties: [
        makeParty(rng, t.code.slice(0, 6), 'applicant'),
        makeParty(rng, t.code.slice(0, 6), 'respondent'),
      ].map((p) => ({
        role: p.role as 'applicant' | 'respondent',
        name: p.name,
        phone: p.phone,
        idNumber: p.idNumber,
      })),
    },
  });
  return count + 1;
}

/**
 * Story 3 (德城区新湖街道胜利社区): on a night patrol the security member 石浩 finds a car left
 * unlocked with over 10,000 yuan inside and reaches the owner by the phone number on the dashboard.
 * The case demo-stories.ts registers is the follow-up; this is the patrol log itself, at the same night.
 */
async function seedStoryPatrol(ctx: SeedContext, now: Date): Promise<void> {
  const grid = `${STORY_VILLAGES['371402001']}001`;
  const security = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'security.xinhu')
    .executeTakeFirstOrThrow();
  // the story's case is registered 60 days and 14 hours after the demo's start (120 days ago)
  const at = new Date(now.getTime() - 120 * DAY + 60 * DAY + 13.5 * HOUR);
  await ctx.db
    .insertInto('grid_work_items')
    .values({
      county_code: grid.slice(0, 6),
      id: ctx.deps.newId(),
      occurred_at: at,
      region_code: grid,
      worker_id: security.id,
      kind: 'patrol',
      recorded_at: new Date(at.getTime() + 50 * 60_000),
      latitude: 37.4513,
      longitude: 116.3075,
      accuracy_m: 15,
      ...sealedPlace(ctx.deps, '胜利社区 3号楼前停车位'),
      note: '夜间巡逻时发现一辆轿车车门未锁，车内放有现金一万余元。通过挡风玻璃下的挪车电话联系上车主，车主十分钟后到场，确认财物完好并致谢。',
      photo_ids: [],
      patrol: JSON.stringify({
        route: '胜利社区夜间巡逻：东门—1号楼—3号楼—地下车库入口—西门',
        places: ['东门', '1号楼', '3号楼停车位', '地下车库入口', '西门'],
        findings: [
          {
            text: '3号楼前一辆轿车车门未锁，车内放有现金一万余元',
            action: '守候车旁，拨打挡风玻璃下的挪车电话联系车主；车主到场清点财物完好，提醒其锁好车门',
          },
        ],
      }),
      plan_id: null,
      client_key: ctx.deps.newId(),
    })
    .execute();
}
