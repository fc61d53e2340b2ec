// The four stories of the Dezhou article (shared/seed/dezhou-article.txt), as cases at their
// real places, acted by the demo accounts of those places.
import type { AuthContext } from '../modules/auth/auth.service.js';
import { registerCaseInTx } from '../modules/cases/register-case.js';
import type { RegisterInput } from '../modules/cases/register-case.js';
import { act, makeParty, unitByCode, type SeedContext } from './demo-context.js';

async function register(ctx: SeedContext, auth: AuthContext, input: RegisterInput) {
  const created = await registerCaseInTx(ctx.db, ctx.deps, auth, input, '127.0.0.1');
  return { id: created.id, version: 1 };
}

export async function seedStories(ctx: SeedContext, start: Date): Promise<void> {
  const staff = async (
    role: Parameters<SeedContext['actors']['staff']>[0],
    unitCode: string,
    scope: string,
  ) => ctx.actors.staff(role, unitByCode(ctx, unitCode), scope);

  // 1. 陵城区神头镇: a worker injured at a company; a mediation team of the justice office and a
  //    labor-arbitration expert; a settlement agreement (和解协议) is signed.
  ctx.setTime(new Date(start.getTime() + 20 * 24 * 3600_000));
  {
    const t = '371403105';
    const clerk = await staff('clerk', `${t}-center`, t);
    const dispatcher = await staff('dispatcher', `${t}-center`, t);
    const justice = await staff('department_staff', `${t}-justice`, t);
    const c = await register(ctx, clerk, {
      categoryCode: 'labor',
      channel: 'window',
      regionCode: t,
      title: '工人在企业受伤，对工伤赔偿数额有争议',
      description:
        '申请人在某公司工作期间受伤，公司与申请人对赔偿数额分歧较大，多次协商未果，来综治中心求助。',
      riskLevel: 'yellow',
      parties: [
        makeParty(ctx.rng, '371403', 'applicant'),
        { role: 'respondent', kind: 'organization', name: '德州某机械制造有限公司' },
      ],
    });
    await act(ctx, dispatcher, c, {
      action: 'assign',
      unitId: unitByCode(ctx, `${t}-justice`).id,
      note: '由司法所牵头组建调解团队',
    });
    await act(ctx, justice, c, { action: 'accept', note: '司法所受理' });
    await act(ctx, dispatcher, c, {
      action: 'add_co_handler',
      unitId: unitByCode(ctx, '371403-labor-mediation').id,
      note: '邀请劳动仲裁专家参与',
    });
    await act(ctx, justice, c, {
      action: 'handle',
      note: '组建由司法所、劳动仲裁专家、企业代表和工人代表组成的调解团队，释法明理',
      method: 'mediation',
    });
    await act(ctx, justice, c, {
      action: 'handle',
      note: '第二次调解：双方就赔偿数额和支付方式达成一致',
      method: 'mediation',
    });
    await act(ctx, justice, c, {
      action: 'conclude',
      outcome: 'mediated_agreement',
      summary: '双方签订和解协议，企业一次性支付赔偿款',
    });
    await act(
      ctx,
      clerk,
      c,
      { action: 'follow_up', satisfaction: 'satisfied', note: '回访：赔偿款已到位' },
      72,
    );
    await act(ctx, clerk, c, { action: 'archive', note: '归档' });
  }

  // 2. 夏津县郑保屯镇: "党支部 + 小巷议事会 + 小巷管家" mediators visit both families at home
  //    until a deadlocked dispute is settled.
  ctx.setTime(new Date(start.getTime() + 40 * 24 * 3600_000));
  {
    const t = '371427104';
    const clerk = await staff('clerk', `${t}-center`, t);
    const dispatcher = await staff('dispatcher', `${t}-center`, t);
    const mediator = await staff('mediator', `${t}-people-mediation`, t);
    const c = await register(ctx, clerk, {
      categoryCode: 'neighbor',
      channel: 'window',
      regionCode: t,
      title: '两家因宅前排水和通道问题积怨多年',
      description: '两户邻居因宅前排水沟和通道问题积怨多年，矛盾一度激化，双方互不相让。',
      parties: [makeParty(ctx.rng, '371427', 'applicant'), makeParty(ctx.rng, '371427', 'respondent')],
    });
    await act(ctx, dispatcher, c, { action: 'assign', unitId: unitByCode(ctx, `${t}-people-mediation`).id });
    await act(ctx, mediator, c, { action: 'accept' });
    for (const note of [
      '党支部书记与小巷管家一同入户走访申请人一方，了解诉求',
      '小巷议事会成员入户走访被申请人一方，做思想工作',
      '组织双方在小巷议事会面对面协商，达成初步意见',
    ]) {
      await act(ctx, mediator, c, { action: 'handle', note, method: 'visit' }, 48);
    }
    await act(ctx, mediator, c, {
      action: 'conclude',
      outcome: 'mediated_agreement',
      summary: '双方握手言和，共同出资疏通排水沟',
    });
    await act(ctx, clerk, c, { action: 'follow_up', satisfaction: 'satisfied' }, 72);
    await act(ctx, clerk, c, { action: 'archive' });
  }

  // 3. 德城区新湖街道胜利社区: on a night patrol a security member finds a car left unlocked with
  //    over 10,000 yuan inside and reaches the owner by the phone number on the dashboard.
  ctx.setTime(new Date(start.getTime() + 60 * 24 * 3600_000 + 14 * 3600_000));
  {
    const village = '371402001021';
    const grid = `${village}001`;
    const security = await staff('security_member', `${village}-committee`, grid);
    const gridWorker = await staff('grid_worker', `${village}-committee`, grid);
    const clerk = await staff('clerk', '371402001-center', '371402001');
    const c = await register(ctx, security, {
      categoryCode: 'other',
      channel: 'patrol',
      regionCode: grid,
      title: '夜间巡逻发现车辆未锁，车内有现金万余元',
      description:
        '治保员夜间巡逻时发现小区内一辆轿车车门未锁，车内放有现金一万余元，通过挡风玻璃下的挪车电话联系车主。',
      parties: [makeParty(ctx.rng, '371402', 'applicant')],
    });
    await act(ctx, gridWorker, c, { action: 'accept', note: '社区当即处置' }, 0);
    await act(
      ctx,
      gridWorker,
      c,
      { action: 'handle', note: '电话联系车主，车主到场确认财物完好并致谢', method: 'phone' },
      1,
    );
    await act(
      ctx,
      gridWorker,
      c,
      { action: 'conclude', outcome: 'other_resolution', summary: '车主取回财物，提醒其注意防范' },
      1,
    );
    await act(ctx, clerk, c, { action: 'follow_up', satisfaction: 'satisfied' }, 24);
    await act(ctx, clerk, c, { action: 'archive' });
  }

  // 4. 齐河县晏北街道阳光社区: a resident uploads a neighbor dispute through 山东解纷码; the street
  //    center sends a mediator to the home the same day; resolved.
  ctx.setTime(new Date(start.getTime() + 80 * 24 * 3600_000 + 2 * 3600_000));
  {
    const t = '371425002';
    const applicant = makeParty(ctx.rng, '371425', 'applicant');
    const resident: AuthContext = {
      kind: 'resident',
      phoneBidx: ctx.deps.crypto.blindIndex('phone', applicant.phone!),
      tokenHash: '',
      actor: { role: 'resident', userId: null, unitId: null, scopeCode: null },
    };
    const dispatcher = await staff('dispatcher', `${t}-center`, t);
    const mediator = await staff('mediator', `${t}-people-mediation`, t);
    const c = await register(ctx, resident, {
      categoryCode: 'neighbor',
      channel: 'qr',
      regionCode: '371425002004',
      title: '楼上漏水殃及我家，邻居不予理会',
      description: '楼上住户卫生间漏水，导致我家天花板发霉脱落，多次沟通邻居不予理会。',
      parties: [applicant, makeParty(ctx.rng, '371425', 'respondent')],
      privacyNoticeVersion: '2026-01',
    });
    await act(
      ctx,
      dispatcher,
      c,
      { action: 'assign', unitId: unitByCode(ctx, `${t}-people-mediation`).id, note: '当天派调解员上门' },
      1,
    );
    await act(ctx, mediator, c, { action: 'accept' }, 1);
    await act(
      ctx,
      mediator,
      c,
      { action: 'handle', note: '调解员当天上门查看漏水情况，现场调解', method: 'visit' },
      2,
    );
    await act(
      ctx,
      mediator,
      c,
      { action: 'conclude', outcome: 'mediated_agreement', summary: '楼上住户承担维修费用，当天达成协议' },
      3,
    );
    await act(ctx, resident, c, { action: 'follow_up', satisfaction: 'satisfied', note: '解决得很及时' }, 24);
  }
}
