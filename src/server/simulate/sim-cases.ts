// The disputes of the year (~36,000 at scale 1.0): each registered where a team works, through the
// channel shares of CITY_YEAR, and walked through its loop (sim-case-story.ts). Grid and patrol
// disputes are grid reports of type dispute too, linked to their case, as the report service
// links them. What comes out is the rows the platform would have written for that history.
import { normalizeIdNumber, normalizePhone, makeIdNumber } from '../../core/pii/validation.js';
import { maskAddress } from '../../core/pii/masking.js';
import { CATEGORY_SHARES, CHANNEL_SHARES, scaled } from '../../core/simulate/city-year.js';
import {
  hash32,
  pickByWeight,
  simId,
  simRng,
  stratified,
  type SimRng,
} from '../../core/simulate/sim-random.js';
import { OFFICE_HOURS, yearClock } from '../../core/simulate/year-clock.js';
import { formatCaseNo, shanghaiDay } from '../../core/time/china-time.js';
import type { Actor } from '../../core/workflow/relations.js';
import { SYSTEM_ACTOR } from '../../core/workflow/relations.js';
import { projectionOf } from '../modules/cases/case-mapper.js';
import { sealed } from '../modules/base-info/base-info.service.js';
import { PRIVACY_NOTICE } from '../modules/resident/privacy-notice.js';
import type { PiiCrypto } from '../crypto/pii-crypto.js';
import { DESCRIPTIONS, GIVEN_NAMES, SURNAMES } from '../seed/demo-texts.js';
import { CaseRun, actorOf } from './sim-case-run.js';
import { handlerFor, walkTownship, walkVillage, type CasePlan } from './sim-case-story.js';
import type { CaseTables } from './sim-case-tables.js';
import { ID_STAGE, staffOf, type SimUnit, type SimUser, type SimWorld } from './sim-world.js';

/** Simulated case numbers count from 5001 within their center and day, clear of real numbering. */
export const SIM_SERIAL_BASE = 5000;

export function planCases(w: SimWorld): CasePlan[] {
  const n = scaled('disputes', w.scale);
  const clock = yearClock(w.year, w.calendar, OFFICE_HOURS);
  const serials = new Map<string, number>();
  const plans: CasePlan[] = [];
  // grid staff by township and role, in the order the grids were worked
  const staffBy = new Map<string, SimUser[]>();
  for (const g of w.workedGrids) {
    for (const u of w.gridStaff.get(g) ?? []) {
      const key = `${g.slice(0, 9)}|${u.role}`;
      const list = staffBy.get(key) ?? [];
      list.push(u);
      staffBy.set(key, list);
    }
  }
  for (let i = 0; i < n; i++) {
    const at = clock.at((i + 0.5) / n).getTime();
    const township = w.teams[hash32(w.seed, 101, i) % w.teams.length]!;
    let channel = pickByWeight(CHANNEL_SHARES, stratified(i, 1));
    const categoryCode = pickByWeight(CATEGORY_SHARES, stratified(i, 2));
    let reporter: SimUser | null = null;
    let place: string;
    if (channel === 'grid' || channel === 'patrol') {
      const role = channel === 'grid' ? 'grid_worker' : 'security_member';
      const staff = staffBy.get(`${township}|${role}`) ?? [];
      reporter = staff.length ? staff[hash32(w.seed, 102, i) % staff.length]! : null;
      if (!reporter) channel = 'window';
    }
    if (reporter) place = reporter.scope;
    else {
      const villages = w.villagesOf.get(township) ?? [];
      place = villages.length ? villages[hash32(w.seed, 103, i) % villages.length]! : township;
    }
    const key = `${township}|${shanghaiDay(new Date(at))}`;
    const serial = (serials.get(key) ?? SIM_SERIAL_BASE) + 1;
    serials.set(key, serial);
    plans.push({ index: i, at, township, channel, categoryCode, place, reporter, serial });
  }
  return plans;
}

/** The number of grid reports of type dispute among the planned cases. */
export function disputeReportCount(plans: readonly CasePlan[]): number {
  return plans.filter((p) => p.reporter !== null).length;
}

interface PartyDraft {
  id: string;
  role: 'applicant' | 'respondent';
  name: string;
  phone: string;
  idNumber: string;
  address: string | null;
}

function makeParties(w: SimWorld, rng: SimRng, plan: CasePlan, caseMs: number): PartyDraft[] {
  const county = plan.township.slice(0, 6);
  const count = rng.chance(0.1) ? 3 + rng.int(4) : 2;
  const out: PartyDraft[] = [];
  for (let k = 0; k < count; k++) {
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
    const year = 1950 + rng.int(55);
    const birth = `${year}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
    const villageName = w.villageName.get(plan.place.slice(0, 12)) ?? '';
    out.push({
      id: simId(caseMs, w.seed, ID_STAGE.parties, plan.index * 8 + k),
      role: k === 1 ? 'respondent' : 'applicant',
      name,
      phone: `1${rng.pick(['3', '5', '7', '8'])}${String(rng.int(1e9)).padStart(9, '0')}`,
      idNumber: makeIdNumber(county, birth, String(rng.int(1000)).padStart(3, '0')),
      address: rng.chance(0.7) ? `${villageName}${1 + rng.int(300)}号` : null,
    });
  }
  return out;
}

/**
 * One case from its plan to where the year leaves it: the rows of the case, its parties, ledger,
 * unit links, conclusions, report-in tasks and (grid, patrol) its grid report.
 */
export function simulateCase(
  w: SimWorld,
  plan: CasePlan,
  crypto: PiiCrypto,
  unitById: ReadonlyMap<string, SimUnit>,
  horizon: number,
  out: CaseTables,
): void {
  const rng = simRng(w.seed, ID_STAGE.cases, plan.index);
  const t = plan.township;
  const county = t.slice(0, 6);
  const unit = (code: string) => w.units.get(code);
  const center = unit(`${t}-center`)!;
  const clerk = staffOf(w, center.code, 'clerk')!;
  const dispatcher = staffOf(w, center.code, 'dispatcher')!;
  const caseId = simId(plan.at, w.seed, ID_STAGE.cases, plan.index);
  const caseNo = formatCaseNo(t, new Date(plan.at), plan.serial);
  const parties = makeParties(w, rng, plan, plan.at);
  const riskLevel =
    parties.length >= 5
      ? 'orange'
      : rng.weighted([
          ['blue', 70],
          ['yellow', 25],
          ['orange', 4],
          ['red', 1],
        ] as const);
  const texts = DESCRIPTIONS[plan.categoryCode] ?? DESCRIPTIONS.other!;
  const description = rng.pick(texts);
  const run = new CaseRun(
    {
      caseId,
      countyCode: county,
      categoryCode: plan.categoryCode,
      calendar: w.calendar,
      rules: w.rules,
      unitById,
      horizon,
      sm3: (s) => crypto.sm3Hex(s),
    },
    plan.at - 60_000,
  );

  // registration: who registers decides the first-contact unit and the level (register-case.ts)
  const villageLevel = plan.reporter !== null;
  const registrant: Actor = plan.reporter
    ? actorOf(plan.reporter)
    : plan.channel === 'qr'
      ? { role: 'resident', userId: null, unitId: null, scopeCode: null }
      : plan.channel === 'api'
        ? SYSTEM_ACTOR
        : actorOf(clerk);
  const owner = plan.reporter ? plan.reporter.unit : center;
  run.step(
    registrant,
    {
      action: 'register',
      regionCode: plan.place,
      handlingLevel: villageLevel ? 'village' : 'township',
      ownerUnitId: owner.id,
    },
    plan.at,
    {
      case_no: caseNo,
      category_code: plan.categoryCode,
      channel: plan.channel,
      risk_level: riskLevel,
      party_ids: parties.map((p) => p.id),
    },
  );
  const residentActor: Actor = {
    role: 'resident',
    userId: null,
    unitId: null,
    scopeCode: null,
    isParty: true,
  };
  const followUpBy = plan.channel === 'qr' ? residentActor : actorOf(clerk);

  let lead: SimUser;
  if (villageLevel) {
    lead =
      plan.reporter!.role === 'grid_worker'
        ? plan.reporter!
        : (staffOf(w, owner.code, 'grid_worker') ?? plan.reporter!);
    if (lead.role === 'security_member') {
      // a patrol finding with no grid worker in the committee goes to the township as a window case would
      lead = handlerFor(w, plan, rng);
      walkTownship(w, run, rng, plan, lead, clerk, dispatcher, followUpBy);
    } else {
      walkVillage(w, run, rng, plan, lead, clerk, dispatcher, followUpBy);
    }
  } else {
    lead = handlerFor(w, plan, rng);
    walkTownship(w, run, rng, plan, lead, clerk, dispatcher, followUpBy);
  }

  // rows
  const s = run.snapshot!;
  const last = run.events[run.events.length - 1]!;
  const address = parties[0]!.address;
  out.cases.add([
    county,
    caseId,
    caseNo,
    center.id,
    plan.place,
    plan.categoryCode,
    plan.channel,
    description.slice(0, 30),
    description,
    address ? maskAddress(address) : null,
    address ? crypto.encrypt('address', address) : null,
    riskLevel,
    parties.length,
    ...Object.values(projectionRow(s)),
    plan.channel === 'qr' ? PRIVACY_NOTICE.version : null,
    registrant.userId,
    s.version,
    last.seq,
    last.hash,
    run.clock.deadline_at,
    new Date(plan.at),
    last.at,
    run.concludedAt,
    run.clock.dispatched_at,
    run.clock.deadline_stage,
    run.clock.deadline_started_at,
  ]);
  for (const p of parties) {
    const phone = sealed(crypto, 'phone', normalizePhone(p.phone));
    const idNo = sealed(crypto, 'id_number', normalizeIdNumber(p.idNumber));
    out.parties.add([
      county,
      p.id,
      caseId,
      p.role,
      'person',
      p.name,
      phone.masked,
      phone.enc,
      phone.bidx,
      idNo.masked,
      idNo.enc,
      idNo.bidx,
      p.address ? maskAddress(p.address) : null,
      p.address ? crypto.encrypt('address', p.address) : null,
      new Date(plan.at),
    ]);
  }
  for (const e of run.events) {
    out.events.add([
      e.county_code,
      e.case_id,
      e.seq,
      e.at,
      e.actor_id,
      e.actor_role,
      e.actor_unit_id,
      e.action,
      e.from_state,
      e.to_state,
      e.payload,
      e.body,
      e.prev_hash,
      e.hash,
    ]);
  }
  for (const u of s.units) out.units.add([county, caseId, u.unitId, u.relation, last.at]);
  for (const c of run.conclusions) {
    out.conclusions.add([county, caseId, c.seq, c.unit_id, c.concluded_at, c.deadline_at, c.on_time]);
  }
  run.tasks.forEach((task, k) => {
    out.tasks.add([
      county,
      simId(task.summoned_at.getTime(), w.seed, ID_STAGE.reportInTasks, plan.index * 8 + k),
      caseId,
      task.unit_id,
      task.escalation_seq,
      task.escalated_by_unit_id,
      task.from_level,
      task.to_level,
      task.summoned_at,
      task.due_at,
      task.status,
      task.reported_at,
      task.reported_by,
      task.on_time,
      task.cancelled_at,
    ]);
  });
  if (plan.reporter) {
    const reportId = simId(plan.at, w.seed, ID_STAGE.disputeReports, plan.index);
    const at = new Date(plan.at);
    out.reports.add([
      county,
      reportId,
      'dispute',
      'reported',
      plan.place,
      plan.reporter.id,
      plan.reporter.unit.id,
      description,
      riskLevel,
      caseId,
      caseNo,
      at,
      at,
      1,
    ]);
    out.reportEvents.add([
      county,
      reportId,
      1,
      at,
      'report',
      plan.reporter.id,
      plan.reporter.unit.id,
      null,
      null,
    ]);
  }
}

/** The projection columns in the order of the cases table (state … reopen_count). */
function projectionRow(s: NonNullable<CaseRun['snapshot']>) {
  const p = projectionOf(s);
  return {
    state: p.state,
    handling_level: p.handling_level,
    owner_unit_id: p.owner_unit_id,
    owner_released: p.owner_released,
    lead_unit_id: p.lead_unit_id,
    awaiting_ruling: p.awaiting_ruling,
    clock_paused: p.clock_paused,
    extension_pending: p.extension_pending,
    pending_report_ins: p.pending_report_ins,
    outcome: p.outcome,
    satisfaction: p.satisfaction,
    reopen_count: p.reopen_count,
  };
}
