// Grid work of the year: the grid reports other than disputes (2.49 M at scale 1.0 with the
// disputes' own) through their short loop — reported, settled on the spot or assigned by the
// township dispatcher and concluded by the unit within the time limit — and 6.5 M routine work
// items. Item i of a stage is a function of (seed, i) alone: any chunk can be made on its own.
import { REPORT_TIME_LIMITS, reportDeadline } from '../../core/grid/grid-rules.js';
import { GRID_BRANCHES, REPORT_TYPE_SHARES, WORK_KIND_SHARES } from '../../core/simulate/city-year.js';
import { hash32, pickByWeight, simId, simRng, stratified } from '../../core/simulate/sim-random.js';
import { FIELD_HOURS, yearClock, type YearClock } from '../../core/simulate/year-clock.js';
import { CopyTable } from './copy-text.js';
import { ID_STAGE, staffOf, type SimUser, type SimWorld } from './sim-world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const REPORT_TEXTS = {
  public_security: ['村口出租屋近期人员进出频繁，形迹可疑', '夜间有陌生车辆在村内徘徊'],
  fire: ['沿街门店楼道堆放纸箱杂物，堵塞消防通道', '居民楼电动车飞线充电'],
  traffic: ['村口路段路灯损坏，夜间通行存在安全隐患', '学校门口减速带损坏'],
  workplace_safety: ['小作坊违规使用液化气罐，未配备灭火器', '建筑工地脚手架未设防护网'],
  environment: ['村西坑塘有人倾倒建筑垃圾', '河道漂浮垃圾较多'],
  other: ['村内公共健身器材损坏，需要维修', '公共厕所无人保洁'],
} as const;
const RESULTS = {
  public_security: '派出所民警上门核查，已登记租住人员信息',
  fire: '已督促清理杂物，消防通道恢复畅通',
  traffic: '已协调相关部门维修',
  workplace_safety: '已责令停用并配齐灭火器材',
  environment: '已清理并设置警示标志',
  other: '村委会已联系维修',
} as const;
const NOTES = {
  visit: [
    '入户走访，了解家庭生产生活情况',
    '走访独居老人，提醒注意用电安全',
    '走访困难家庭，登记诉求并反馈村委会',
  ],
  patrol: ['日常巡查，未发现异常', '巡查沿街商铺消防通道，已提醒清理杂物', '巡查河道及坑塘，警示标志完好'],
  outreach: ['宣传防范电信网络诈骗知识，发放资料', '宣传山东解纷码使用方法', '开展反家暴法律知识宣传'],
  collection: ['采集新入住人员信息', '更新出租房屋及承租人信息', '核实重点人员居住情况'],
} as const;

/** Who files the grid's records: its grid workers and security members, in a stable order. */
function gridStaffList(w: SimWorld): SimUser[] {
  return w.workedGrids.flatMap((g) => w.gridStaff.get(g) ?? []);
}

/** The unit a report of a type goes to: at or above its place (grid-reports.service checks so). */
function unitCodeFor(type: keyof typeof REPORT_TEXTS, grid: string): string {
  const township = grid.slice(0, 9);
  const county = grid.slice(0, 6);
  switch (type) {
    case 'public_security':
    case 'fire':
    case 'traffic':
      return `${township}-police`;
    case 'workplace_safety':
      return `${county}-market-regulation`;
    case 'environment':
      return `${county}-natural-resources`;
    case 'other':
      return `${grid.slice(0, 12)}-committee`;
  }
}

export function gridReportTables() {
  return {
    reports: new CopyTable('grid_reports', [
      'county_code',
      'id',
      'type',
      'status',
      'region_code',
      'reporter_id',
      'reporter_unit_id',
      'description',
      'latitude',
      'longitude',
      'risk_level',
      'resolved_on_site',
      'unit_id',
      'assigned_at',
      'deadline_at',
      'concluded_at',
      'concluded_by',
      'result',
      'reported_at',
      'updated_at',
      'version',
    ]),
    events: new CopyTable('grid_report_events', [
      'county_code',
      'report_id',
      'seq',
      'at',
      'action',
      'actor_id',
      'actor_unit_id',
      'unit_id',
      'note',
    ]),
  };
}

/** A grid's position: Dezhou lies around 37.45° N, 116.35° E; each grid a stable point in it. */
function position(grid: string, i: number): [number, number] {
  const h = hash32(Number(grid.slice(-9)), Number(grid.slice(0, 6)));
  const lat = 36.9 + ((h & 0xffff) / 0xffff) * 1.2 + ((hash32(i, 1) & 0xff) - 128) * 1e-6;
  const lng = 115.8 + ((h >>> 16) / 0xffff) * 1.3 + ((hash32(i, 2) & 0xff) - 128) * 1e-6;
  return [Number(lat.toFixed(6)), Number(lng.toFixed(6))];
}

export interface GridContext {
  staff: SimUser[];
  clock: YearClock;
  horizon: number;
}

export function gridContext(w: SimWorld): GridContext {
  const clock = yearClock(w.year, w.calendar, FIELD_HOURS, 0.6);
  return { staff: gridStaffList(w), clock, horizon: clock.end.getTime() };
}

/** Non-dispute reports [from, to) of `total`. */
export function makeGridReports(
  w: SimWorld,
  g: GridContext,
  range: { from: number; to: number; total: number },
  out: ReturnType<typeof gridReportTables>,
): void {
  for (let i = range.from; i < range.to; i++) {
    const rng = simRng(w.seed, ID_STAGE.gridReports, i);
    const at = g.clock.at((i + 0.5) / range.total);
    const ms = at.getTime();
    const type = pickByWeight(REPORT_TYPE_SHARES, stratified(i, 3));
    const pool = g.staff;
    let reporter = pool[hash32(w.seed, 201, i) % pool.length]!;
    const grid = reporter.scope;
    if (type === 'public_security' || type === 'fire') {
      const security = (w.gridStaff.get(grid) ?? []).find((u) => u.role === 'security_member');
      if (security && rng.chance(GRID_BRANCHES.bySecurityMember * 3)) reporter = security;
    }
    const county = grid.slice(0, 6);
    const id = simId(ms, w.seed, ID_STAGE.gridReports, i);
    const deadline = reportDeadline(w.calendar, type, at)!;
    const description = rng.pick(REPORT_TEXTS[type]);
    const [lat, lng] = position(grid, i);
    const township = grid.slice(0, 9);
    const dispatcher = staffOf(w, `${township}-center`, 'dispatcher');
    const onSite = !dispatcher || rng.chance(GRID_BRANCHES.onSite);
    const risk =
      type === 'fire' || type === 'public_security'
        ? rng.pick(['blue', 'yellow', 'yellow', 'orange'] as const)
        : null;
    const base = [county, id, type];
    let n = 0;
    const event = (
      seq: number,
      t: Date,
      action: string,
      actor: SimUser,
      unitId: string | null,
      note: string | null,
    ) => {
      out.events.add([county, id, seq, t, action, actor.id, actor.unit.id, unitId, note]);
      n = seq;
    };
    event(1, at, 'report', reporter, null, null);
    if (onSite) {
      event(2, at, 'conclude', reporter, null, null);
      out.reports.add([
        ...base,
        'concluded',
        grid,
        reporter.id,
        reporter.unit.id,
        description,
        lat,
        lng,
        risk,
        true,
        null,
        null,
        deadline,
        at,
        reporter.id,
        null,
        at,
        at,
        1,
      ]);
      continue;
    }
    // the township dispatcher assigns it; the unit (or, lacking staff here, the dispatcher) concludes it
    const unitCode = unitCodeFor(type, grid);
    const unit = w.units.get(unitCode) ?? w.units.get(`${township}-police`)!;
    const assignedAt = new Date(ms + 10 * MINUTE + rng.exp(2 * HOUR));
    const limitMs = deadline.getTime() - ms;
    const late = rng.chance(GRID_BRANCHES.late);
    const doneMs = late
      ? deadline.getTime() + HOUR + rng.exp(REPORT_TIME_LIMITS[type] * 12 * HOUR)
      : assignedAt.getTime() + Math.min(rng.exp(limitMs / 4), limitMs * 0.9);
    const concludedAt = new Date(Math.max(doneMs, assignedAt.getTime() + 5 * MINUTE));
    const stale = rng.chance(GRID_BRANCHES.stale);
    const concluder =
      staffOf(w, unit.code, unit.kind === 'village_committee' ? 'grid_worker' : 'department_staff', i) ??
      dispatcher!;
    if (assignedAt.getTime() > g.horizon) {
      out.reports.add([
        ...base,
        'reported',
        grid,
        reporter.id,
        reporter.unit.id,
        description,
        lat,
        lng,
        risk,
        false,
        null,
        null,
        deadline,
        null,
        null,
        null,
        at,
        at,
        1,
      ]);
      continue;
    }
    event(2, assignedAt, 'assign', dispatcher!, unit.id, null);
    if (stale || concludedAt.getTime() > g.horizon) {
      out.reports.add([
        ...base,
        'assigned',
        grid,
        reporter.id,
        reporter.unit.id,
        description,
        lat,
        lng,
        risk,
        false,
        unit.id,
        assignedAt,
        deadline,
        null,
        null,
        null,
        at,
        assignedAt,
        2,
      ]);
      continue;
    }
    const result = RESULTS[type];
    event(3, concludedAt, 'conclude', concluder, null, result);
    out.reports.add([
      ...base,
      'concluded',
      grid,
      reporter.id,
      reporter.unit.id,
      description,
      lat,
      lng,
      risk,
      false,
      unit.id,
      assignedAt,
      deadline,
      concludedAt,
      concluder.id,
      result,
      at,
      concludedAt,
      n,
    ]);
  }
}

export function workItemTable() {
  return new CopyTable('grid_work_items', [
    'county_code',
    'id',
    'occurred_at',
    'region_code',
    'worker_id',
    'kind',
    'recorded_at',
    'latitude',
    'longitude',
    'accuracy_m',
    'note',
    'client_key',
  ]);
}

/** Routine work items [from, to) of `total`. */
export function makeWorkItems(
  w: SimWorld,
  g: GridContext,
  range: { from: number; to: number; total: number },
  out: CopyTable,
): void {
  for (let i = range.from; i < range.to; i++) {
    const h = hash32(w.seed, ID_STAGE.workItems, i);
    const at = g.clock.at((i + 0.5) / range.total);
    const ms = at.getTime();
    let worker = g.staff[h % g.staff.length]!;
    const kind = pickByWeight(WORK_KIND_SHARES, stratified(i, 4));
    if (kind === 'patrol') {
      const security = (w.gridStaff.get(worker.scope) ?? []).find((u) => u.role === 'security_member');
      if (security && (h >>> 8) % 2 === 0) worker = security;
    }
    const grid = worker.scope;
    const [lat, lng] = position(grid, i);
    // most are logged on the spot; some synced later from the phone (offline)
    const delay = (h >>> 12) % 10 === 0 ? ((h >>> 16) % 720) * MINUTE : ((h >>> 16) % 5) * MINUTE;
    const notes = NOTES[kind];
    out.add([
      grid.slice(0, 6),
      simId(ms, w.seed, ID_STAGE.workItems, i),
      at,
      grid,
      worker.id,
      kind,
      new Date(ms + delay),
      lat,
      lng,
      5 + ((h >>> 20) % 40),
      notes[(h >>> 24) % notes.length]!,
      simId(ms, w.seed, ID_STAGE.workItemKeys, i),
    ]);
  }
}
