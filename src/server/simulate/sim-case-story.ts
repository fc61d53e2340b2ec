// How a simulated dispute goes once registered: the handling unit, the township loop (assign,
// the side branches, handle, conclude), the village loop with its whistle (吹哨报到), and the
// close-out (follow-up, a reopen now and then, archive). Each step goes through CaseRun.step, so
// the workflow's policy and guards decide it as they decide a real one.
import { CASE_BRANCHES, OUTCOME_SHARES, SATISFIED_SHARES } from '../../core/simulate/city-year.js';
import { pickByWeight, type SimRng } from '../../core/simulate/sim-random.js';
import type { Channel, GuidanceChannel } from '../../core/workflow/case-model.js';
import type { Actor } from '../../core/workflow/relations.js';
import { SYSTEM_ACTOR } from '../../core/workflow/relations.js';
import type { CaseRun } from './sim-case-run.js';
import { actorOf } from './sim-case-run.js';
import { staffOf, type SimUser, type SimWorld } from './sim-world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Where and how one dispute starts; planned for the whole year at once (serials need the order). */
export interface CasePlan {
  index: number;
  at: number;
  township: string;
  channel: Channel;
  categoryCode: string;
  /** where the dispute is: a grid (grid, patrol) or a village */
  place: string;
  /** the grid worker or security member who reported it (grid, patrol) */
  reporter: SimUser | null;
  serial: number;
}

const HANDLING_NOTES = [
  '调解员上门走访双方当事人，了解纠纷经过',
  '组织双方到综治中心面对面调解',
  '电话联系被申请人，约定调解时间',
  '会同村两委和法律顾问现场查看',
  '释法说理，引导双方理性表达诉求',
];
const SUMMARY = {
  mediated_agreement: '经调解双方达成协议，签订调解协议书',
  other_resolution: '经政策解释和释法说理，申请人表示理解，纠纷化解',
  mediation_failed: '双方分歧较大，调解不成，已引导通过法律途径解决',
} as const;

/** The unit that handles a township-level dispute: the county's specialised committee, or the township's. */
export function handlerFor(w: SimWorld, plan: CasePlan, rng: SimRng): SimUser {
  const county = plan.township.slice(0, 6);
  const special: Record<string, string> = {
    labor: 'labor-mediation',
    medical: 'medical-mediation',
    traffic: 'traffic-mediation',
    property: 'property-mediation',
  };
  const suffix = special[plan.categoryCode];
  const specialised = suffix ? staffOf(w, `${county}-${suffix}`, 'mediator', plan.index) : undefined;
  if (specialised && rng.chance(0.8)) return specialised;
  if (rng.chance(0.15)) {
    const justice = staffOf(w, `${plan.township}-justice`, 'department_staff', plan.index);
    if (justice) return justice;
  }
  return staffOf(w, `${plan.township}-people-mediation`, 'mediator', plan.index)!;
}

/** Time to conclude from the start of handling: median 4 days, some late past the deadline. */
function concludeAt(run: CaseRun, rng: SimRng, from: number): number {
  const deadline = run.clock.deadline_at?.getTime() ?? from + 15 * DAY;
  if (rng.chance(CASE_BRANCHES.late)) return deadline + HOUR + rng.exp(3 * DAY);
  const d = from + Math.max(2 * HOUR, rng.logNormal(4 * DAY, 0.8));
  return Math.min(d, deadline - HOUR);
}

function handleAndConclude(run: CaseRun, rng: SimRng, lead: SimUser, from: number): boolean {
  const end = concludeAt(run, rng, from);
  const handles = 1 + rng.int(3);
  for (let k = 1; k <= handles; k++) {
    const at = from + ((end - from) * k) / (handles + 1);
    if (
      !run.step(
        actorOf(lead),
        {
          action: 'handle',
          note: rng.pick(HANDLING_NOTES),
          method: rng.pick(['visit', 'mediation', 'phone']),
        },
        at,
      )
    )
      return false;
  }
  const outcome = pickByWeight(OUTCOME_SHARES, rng.next());
  const guidance: GuidanceChannel | undefined =
    outcome === 'mediation_failed' ? rng.pick(['litigation', 'arbitration'] as const) : undefined;
  return run.step(actorOf(lead), { action: 'conclude', outcome, summary: SUMMARY[outcome], guidance }, end);
}

/** Follow-up (回访), a reopen after an unsatisfied answer now and then, and the archive. */
function closeOut(
  run: CaseRun,
  rng: SimRng,
  lead: SimUser,
  clerk: SimUser,
  dispatcher: SimUser,
  followUpBy: Actor,
): void {
  for (let round = 0; round < 2; round++) {
    const unsatisfied = round === 0 && rng.chance(CASE_BRANCHES.unsatisfied);
    const satisfaction = unsatisfied ? 'unsatisfied' : pickByWeight(SATISFIED_SHARES, rng.next());
    if (
      !run.step(
        followUpBy,
        { action: 'follow_up', satisfaction, note: '电话回访' },
        run.t + HOUR + rng.exp(1.2 * DAY),
      )
    )
      return;
    if (!unsatisfied) break;
    // a resident's own "unsatisfied" reopens at once (the system's step); a clerk's waits for the dispatcher
    if (followUpBy.role === 'resident') {
      if (!run.step(SYSTEM_ACTOR, { action: 'reopen', reason: '群众回访不满意，系统自动重办' }, run.t + 1000))
        return;
    } else {
      if (!rng.chance(CASE_BRANCHES.reopenOfUnsatisfied)) break;
      if (
        !run.step(
          actorOf(dispatcher),
          { action: 'reopen', reason: '回访不满意，重新办理' },
          run.t + rng.exp(0.5 * DAY),
        )
      )
        return;
    }
    if (!handleAndConclude(run, rng, lead, run.t)) return;
  }
  if (run.state !== 'followed_up') return;
  run.step(actorOf(clerk), { action: 'archive', note: '材料齐全，归档' }, run.t + HOUR + rng.exp(2 * DAY));
}

export function walkTownship(
  w: SimWorld,
  run: CaseRun,
  rng: SimRng,
  plan: CasePlan,
  lead: SimUser,
  clerk: SimUser,
  dispatcher: SimUser,
  followUpBy: Actor,
): void {
  if (rng.chance(CASE_BRANCHES.declined)) {
    run.step(
      actorOf(clerk),
      {
        action: 'decline',
        legalGround: '属于法律规定应通过诉讼、仲裁或行政复议解决的事项',
        guidance: rng.pick(['litigation', 'arbitration', 'administrative_review'] as const),
      },
      run.t + rng.exp(3 * HOUR),
    );
    return;
  }
  if (
    !run.step(
      actorOf(dispatcher),
      { action: 'assign', unitId: lead.unit.id, note: '按分流规则交办' },
      run.t + rng.exp(2.5 * HOUR),
    )
  )
    return;
  const withdraw = rng.chance(CASE_BRANCHES.withdrawn);
  if (rng.chance(CASE_BRANCHES.rejected) && lead.role !== 'clerk' && lead.role !== 'dispatcher') {
    if (
      !run.step(
        actorOf(lead),
        { action: 'reject', reason: '不属于本单位职责范围' },
        run.t + rng.exp(4 * HOUR),
      )
    )
      return;
    const other = staffOf(w, `${plan.township}-people-mediation`, 'mediator', plan.index);
    if (other && other.unit.id !== lead.unit.id && rng.chance(0.5)) {
      if (
        !run.step(
          actorOf(dispatcher),
          { action: 'rule_rejection', decision: 'uphold', unitId: other.unit.id, note: '同意退回，改派' },
          run.t + rng.exp(4 * HOUR),
        )
      )
        return;
      lead = other;
    } else {
      if (
        !run.step(
          actorOf(dispatcher),
          { action: 'rule_rejection', decision: 'overrule', note: '经审定属于该单位职责，须办理' },
          run.t + rng.exp(4 * HOUR),
        )
      )
        return;
    }
  }
  if (
    run.state === 'assigned' &&
    !run.step(actorOf(lead), { action: 'accept', note: '已受理' }, run.t + rng.exp(5 * HOUR))
  )
    return;
  if (withdraw) {
    run.step(
      actorOf(clerk),
      { action: 'withdraw', reason: '当事人已自行和解，申请撤回' },
      run.t + rng.exp(2 * DAY),
    );
    return;
  }
  if (rng.chance(CASE_BRANCHES.transferred)) {
    const target = staffOf(w, `${plan.township.slice(0, 6)}-joint-mediation`, 'mediator', plan.index);
    if (target && target.unit.id !== lead.unit.id && lead.role !== 'grid_worker') {
      if (
        !run.step(
          actorOf(lead),
          { action: 'transfer', unitId: target.unit.id, reason: '案情复杂，转县级联合调委会办理' },
          run.t + rng.exp(DAY),
        )
      )
        return;
      lead = target;
      if (!run.step(actorOf(lead), { action: 'accept' }, run.t + rng.exp(6 * HOUR))) return;
    }
  }
  if (rng.chance(CASE_BRANCHES.coHandled)) {
    const police = w.units.get(`${plan.township}-police`);
    if (police && police.id !== lead.unit.id) {
      if (
        !run.step(
          actorOf(dispatcher),
          { action: 'add_co_handler', unitId: police.id, note: '联合办理' },
          run.t + rng.exp(DAY),
        )
      )
        return;
    }
  }
  if (!handleAndConclude(run, rng, lead, run.t)) return;
  closeOut(run, rng, lead, clerk, dispatcher, followUpBy);
}

export function walkVillage(
  w: SimWorld,
  run: CaseRun,
  rng: SimRng,
  plan: CasePlan,
  lead: SimUser,
  clerk: SimUser,
  dispatcher: SimUser,
  followUpBy: Actor,
): void {
  if (!run.step(actorOf(lead), { action: 'accept', note: '村级先行调处' }, run.t + rng.exp(3 * HOUR))) return;
  if (rng.chance(CASE_BRANCHES.escalatedOfVillage)) {
    // the village cannot solve it: whistle to the township (吹哨), its departments report in (报到)
    const summoned = [`${plan.township}-justice`, `${plan.township}-police`]
      .map((code) => w.units.get(code))
      .filter((u) => u !== undefined);
    if (summoned.length) {
      if (
        !run.step(
          actorOf(lead),
          {
            action: 'escalate',
            departmentUnitIds: summoned.map((u) => u.id),
            reason: '村级调处未果，吹哨请求镇街部门报到',
          },
          run.t + rng.exp(DAY),
        )
      )
        return;
      const escalatedAt = run.t;
      for (const u of summoned) {
        const staff = staffOf(w, u.code, 'department_staff', plan.index);
        if (!staff || rng.chance(CASE_BRANCHES.missedReportIn)) continue;
        if (
          !run.step(
            actorOf(staff),
            { action: 'report_in', note: '已报到' },
            Math.max(run.t, escalatedAt + rng.exp(5 * HOUR)),
          )
        )
          return;
      }
    }
  }
  if (rng.chance(CASE_BRANCHES.withdrawn)) {
    run.step(actorOf(clerk), { action: 'withdraw', reason: '申请人撤回' }, run.t + rng.exp(2 * DAY));
    return;
  }
  if (!handleAndConclude(run, rng, lead, run.t)) return;
  closeOut(run, rng, lead, clerk, dispatcher, followUpBy);
}
