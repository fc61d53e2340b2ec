// Stationing at the 神头镇 center (issue 7): the county bureaus that take turns there (轮驻), one
// working day each, and the on-call contacts (随叫随驻) of the procuratorate and, where the
// township has one, the people's tribunal.
import { cstDayOf } from '../../core/calendar/work-calendar.js';
import { maskPhone } from '../../core/pii/masking.js';
import type { SeedContext } from './demo-context.js';

const TOWNSHIP = '371403105';
const ROTATION = ['371403-housing', '371403-natural-resources', '371403-health', '371403-market-regulation'];
const ON_CALL: readonly { code: string; contact: string; phone: string; minutes: number }[] = [
  { code: '371403-procuratorate', contact: '检察院值班室', phone: '13905340105', minutes: 120 },
  { code: `${TOWNSHIP}-court`, contact: '人民法庭值班法官', phone: '13905340106', minutes: 60 },
];

export async function seedDemoStationing(ctx: SeedContext, now: Date): Promise<void> {
  const center = ctx.units.get(`${TOWNSHIP}-center`);
  if (!center) return;
  const slots = ROTATION.flatMap((code) => {
    const u = ctx.units.get(code);
    return u ? [[u.id]] : [];
  });
  if (slots.length > 0) {
    await ctx.db
      .insertInto('duty_rosters')
      .values({
        id: ctx.deps.newId(),
        center_id: center.id,
        name: '陵城区直部门轮驻',
        kind: 'cycle',
        anchor_day: cstDayOf(now),
        slots: JSON.stringify(slots),
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  for (const c of ON_CALL) {
    const unit = ctx.units.get(c.code);
    if (!unit) continue;
    await ctx.db
      .insertInto('on_call_contacts')
      .values({
        center_id: center.id,
        unit_id: unit.id,
        contact_name: c.contact,
        phone_enc: ctx.deps.crypto.encrypt('phone', c.phone),
        phone_masked: maskPhone(c.phone),
        response_minutes: c.minutes,
        updated_at: now,
      })
      .execute();
  }
}
