// ~300 demo cases spread over Dezhou's counties, categories and channels, in every state and
// branch of the loop. They go through the real services (registration, transitions), so their
// ledgers, projections and audit records are exactly what the platform itself writes.
import type {
  CaseState,
  Channel,
  GuidanceChannel,
  Outcome,
  Satisfaction,
} from '../../core/workflow/case-model.js';
import type { AuthContext } from '../modules/auth/auth.service.js';
import { registerCaseInTx } from '../modules/cases/register-case.js';
import type { TransitionInput } from '../modules/cases/transition-case.js';
import { suggestUnit } from '../modules/routing/routing.service.js';
import { DemoActors, type UnitInfo } from './demo-actors.js';
import { act, makeParty, unitByCode, type Rng, type SeedContext } from './demo-context.js';
import { DESCRIPTIONS } from './demo-texts.js';

/** The state a generated case is walked to. */
type Final = CaseState;
const FINALS: readonly [Final, number][] = [
  ['registered', 8],
  ['assigned', 8],
  ['in_progress', 16],
  ['concluded', 8],
  ['followed_up', 8],
  ['archived', 44],
  ['withdrawn', 4],
  ['declined', 4],
];
const CHANNEL_WEIGHTS: readonly [Channel, number][] = [
  ['window', 40],
  ['qr', 18],
  ['grid', 16],
  ['hotline', 12],
  ['petition', 5],
  ['patrol', 4],
  ['api', 5],
];
const weighted = <T>(rng: Rng, table: readonly [T, number][]): T => {
  let r = rng.next() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1]![0];
};

/** Seeds `count` generated cases from `start` on; returns how many cases exist afterwards. */
export async function seedDemoCases(ctx: SeedContext, count: number, start: Date): Promise<number> {
  const townships = await ctx.db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('level', '=', 'township')
    .where('code', 'like', '3714%')
    .orderBy('code')
    .execute();
  for (let i = 0; i < count; i++) {
    const township = townships[(i * 7 + ctx.rng.int(3)) % townships.length]!;
    const when = new Date(start.getTime() + ctx.rng.int(110 * 24) * 3600_000);
    ctx.setTime(when);
    await generatedCase(ctx, township.code, weighted(ctx.rng, FINALS), weighted(ctx.rng, CHANNEL_WEIGHTS));
  }
  const row = await ctx.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function generatedCase(
  ctx: SeedContext,
  townshipCode: string,
  final: Final,
  channel: Channel,
): Promise<void> {
  const { rng, db } = ctx;
  const county = townshipCode.slice(0, 6);
  const category = rng.pick(Object.keys(DESCRIPTIONS));
  const village = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', townshipCode)
    .orderBy('code')
    .offset(rng.int(5))
    .limit(1)
    .executeTakeFirst();
  const villageCode = village?.code ?? townshipCode;
  const grid = villageCode.length === 12 ? `${villageCode}001` : villageCode;
  const center = unitByCode(ctx, `${townshipCode}-center`);
  const clerk = await ctx.actors.staff('clerk', center, townshipCode);
  const dispatcher = await ctx.actors.staff('dispatcher', center, townshipCode);
  const applicant = makeParty(rng, county, 'applicant');
  const parties = [applicant, makeParty(rng, county, 'respondent')];
  if (rng.int(8) === 0) for (let k = 0; k < 4; k++) parties.push(makeParty(rng, county, 'applicant'));

  const villageLevel = (channel === 'grid' || channel === 'patrol') && villageCode.length === 12;
  const committee = villageLevel ? unitByCode(ctx, `${villageCode}-committee`) : null;
  const registrar: AuthContext =
    channel === 'qr'
      ? {
          kind: 'resident',
          phoneBidx: ctx.deps.crypto.blindIndex('phone', applicant.phone!),
          tokenHash: '',
          actor: { role: 'resident', userId: null, unitId: null, scopeCode: null },
        }
      : committee
        ? await ctx.actors.staff(channel === 'patrol' ? 'security_member' : 'grid_worker', committee, grid)
        : clerk;
  const texts = DESCRIPTIONS[category]!;
  const created = await registerCaseInTx(
    ctx.db,
    ctx.deps,
    registrar,
    {
      categoryCode: category,
      channel,
      regionCode: villageLevel ? grid : villageCode,
      description: rng.pick(texts),
      riskLevel: parties.length >= 5 ? 'orange' : rng.pick(['blue', 'blue', 'blue', 'yellow']),
      parties,
      privacyNoticeVersion: channel === 'qr' ? '2026-01' : undefined,
    },
    '127.0.0.1',
  );
  const c = { id: created.id, version: 1 };
  if (final === 'registered') return;
  if (final === 'declined') {
    const guidance: GuidanceChannel = rng.pick(['litigation', 'arbitration', 'administrative_review']);
    await act(ctx, clerk, c, {
      action: 'decline',
      legalGround: '属于法律规定应通过诉讼、仲裁或行政复议解决的事项',
      guidance,
    });
    return;
  }

  // the lead: village committee at village level, else the routing suggestion or the people's committee
  let lead: UnitInfo;
  let leadAuth: AuthContext;
  if (committee) {
    lead = committee;
    leadAuth = await ctx.actors.staff('grid_worker', committee, grid);
    if (final === 'assigned') return;
    await act(ctx, leadAuth, c, { action: 'accept', note: '村级先行调处' });
    if (rng.int(3) === 0) {
      // the village cannot solve it: whistle to the township (吹哨), departments report in
      const summoned = [
        unitByCode(ctx, `${townshipCode}-justice`),
        unitByCode(ctx, `${townshipCode}-police`),
      ];
      await act(ctx, leadAuth, c, {
        action: 'escalate',
        departmentUnitIds: summoned.map((u) => u.id),
        reason: '村级调处未果，吹哨请求镇街部门报到',
      });
      for (const u of summoned) {
        if (rng.int(4) === 0) continue; // some have not reported in yet
        await act(ctx, await ctx.actors.staff('department_staff', u, townshipCode), c, {
          action: 'report_in',
          note: '已报到',
        });
      }
    }
  } else {
    lead = await suggested(ctx, category, villageCode, townshipCode);
    leadAuth = await ctx.actors.staff(DemoActors.handlerRole(lead.kind), lead, lead.region_code);
    await act(ctx, dispatcher, c, { action: 'assign', unitId: lead.id, note: '按分流规则交办' });
    if (final === 'withdrawn') {
      await act(ctx, clerk, c, { action: 'withdraw', reason: '当事人已自行和解，申请撤回' });
      return;
    }
    if (rng.int(8) === 0) {
      await act(ctx, leadAuth, c, { action: 'reject', reason: '不属于本单位职责范围' });
      if (rng.int(2) === 0) {
        const other = unitByCode(ctx, `${townshipCode}-people-mediation`);
        const next = other.id === lead.id ? unitByCode(ctx, `${county}-joint-mediation`) : other;
        await act(ctx, dispatcher, c, {
          action: 'rule_rejection',
          decision: 'uphold',
          unitId: next.id,
          note: '同意退回，改派',
        });
        lead = next;
        leadAuth = await ctx.actors.staff(DemoActors.handlerRole(lead.kind), lead, lead.region_code);
      } else {
        await act(ctx, dispatcher, c, {
          action: 'rule_rejection',
          decision: 'overrule',
          note: '经审定属于该单位职责，须办理',
        });
      }
    }
    if (final === 'assigned') return;
    if (!(await isInProgress(ctx, c.id))) await act(ctx, leadAuth, c, { action: 'accept', note: '已受理' });
    if (rng.int(10) === 0) {
      const target = unitByCode(ctx, `${county}-joint-mediation`);
      if (target.id !== lead.id) {
        await act(ctx, leadAuth, c, {
          action: 'transfer',
          unitId: target.id,
          reason: '案情复杂，转县级联合调委会办理',
        });
        lead = target;
        leadAuth = await ctx.actors.staff('mediator', lead, lead.region_code);
        await act(ctx, leadAuth, c, { action: 'accept' });
      }
    }
    if (rng.int(6) === 0) {
      const police = unitByCode(ctx, `${townshipCode}-police`);
      if (police.id !== lead.id)
        await act(ctx, dispatcher, c, { action: 'add_co_handler', unitId: police.id, note: '联合办理' });
    }
  }
  if (final === 'withdrawn') {
    await act(ctx, clerk, c, { action: 'withdraw', reason: '申请人撤回' });
    return;
  }
  for (let k = 0, n = 1 + rng.int(3); k < n; k++) {
    await act(ctx, leadAuth, c, {
      action: 'handle',
      note: rng.pick(HANDLING_NOTES),
      method: rng.pick(['visit', 'mediation', 'phone']),
    });
  }
  if (final === 'in_progress') return;
  const outcome: Outcome =
    rng.int(10) < 7 ? 'mediated_agreement' : rng.int(2) === 0 ? 'other_resolution' : 'mediation_failed';
  await act(ctx, leadAuth, c, conclusion(rng, outcome));
  if (final === 'concluded') return;
  const followUpBy = registrar.kind === 'resident' ? registrar : clerk;
  const reopen = rng.int(8) === 0;
  const satisfaction: Satisfaction = reopen
    ? 'unsatisfied'
    : rng.int(10) < 8
      ? 'satisfied'
      : 'basically_satisfied';
  await act(ctx, followUpBy, c, { action: 'follow_up', satisfaction, note: '电话回访' }, 24 + rng.int(48));
  if (reopen) {
    // a resident's own "unsatisfied" has reopened it already; a clerk's phone follow-up waits for the dispatcher
    if (registrar.kind !== 'resident') {
      await act(ctx, dispatcher, c, { action: 'reopen', reason: '回访不满意，重新办理' });
    }
    await act(ctx, leadAuth, c, { action: 'handle', note: '重办：再次上门调解' });
    await act(ctx, leadAuth, c, conclusion(rng, 'mediated_agreement'));
    await act(
      ctx,
      clerk,
      c,
      { action: 'follow_up', satisfaction: 'basically_satisfied', note: '重办后回访' },
      24,
    );
  }
  if (final === 'followed_up') return;
  await act(ctx, clerk, c, { action: 'archive', note: '材料齐全，归档' });
}

async function isInProgress(ctx: SeedContext, id: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  return row.state === 'in_progress';
}

function conclusion(rng: Rng, outcome: Outcome): TransitionInput['command'] {
  if (outcome === 'mediation_failed') {
    return {
      action: 'conclude',
      outcome,
      summary: '双方分歧较大，调解不成，已引导通过法律途径解决',
      guidance: rng.pick(['litigation', 'arbitration']),
    };
  }
  if (outcome === 'other_resolution')
    return { action: 'conclude', outcome, summary: '经政策解释，申请人表示理解' };
  return { action: 'conclude', outcome, summary: '经调解双方达成协议，签订调解协议书' };
}

async function suggested(
  ctx: SeedContext,
  category: string,
  regionCode: string,
  townshipCode: string,
): Promise<UnitInfo> {
  const hit = await suggestUnit(ctx.db, category, regionCode);
  return unitByCode(ctx, hit?.unitCode ?? `${townshipCode}-people-mediation`);
}

const HANDLING_NOTES = [
  '调解员上门走访双方当事人，了解纠纷经过',
  '组织双方到综治中心面对面调解',
  '电话联系被申请人，约定调解时间',
  '会同村两委和法律顾问现场查看',
  '释法说理，引导双方理性表达诉求',
];
