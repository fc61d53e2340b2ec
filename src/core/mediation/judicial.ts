/**
 * Judicial confirmation of a mediation agreement (司法确认, 人民调解法 art. 33): the parties apply,
 * with the mediation organization's help, to a court within 30 days of the agreement taking
 * effect; the court accepts (受理) and confirms it (裁定有效) or rejects it (驳回). Pure.
 */
import type { IsoDay } from '../calendar/work-calendar.js';
import { addDays } from './performance.js';

export const JUDICIAL_STATES = ['referred', 'accepted', 'confirmed', 'rejected', 'withdrawn'] as const;
export type JudicialState = (typeof JUDICIAL_STATES)[number];

export const JUDICIAL_STEPS = ['accept', 'confirm', 'reject', 'withdraw'] as const;
export type JudicialStep = (typeof JUDICIAL_STEPS)[number];

/** Calendar days after the agreement within which a referral may be made. */
export const REFERRAL_WINDOW_DAYS = 30;

/** States of a referral that is still alive: no second referral of the same agreement meanwhile. */
export const LIVE_JUDICIAL_STATES: readonly JudicialState[] = ['referred', 'accepted', 'confirmed'];

const NEXT: Record<JudicialStep, { from: readonly JudicialState[]; to: JudicialState }> = {
  accept: { from: ['referred'], to: 'accepted' },
  confirm: { from: ['referred', 'accepted'], to: 'confirmed' },
  reject: { from: ['referred', 'accepted'], to: 'rejected' },
  withdraw: { from: ['referred', 'accepted'], to: 'withdrawn' },
};

/** The state a step leads to from `state`, or null when the step is not possible there. */
export function judicialNext(state: JudicialState, step: JudicialStep): JudicialState | null {
  const rule = NEXT[step];
  return rule.from.includes(state) ? rule.to : null;
}

/** Whether a state is final (the court decided, or the application was withdrawn). */
export function isJudicialFinal(state: JudicialState): boolean {
  return state === 'confirmed' || state === 'rejected' || state === 'withdrawn';
}

/** The last day a referral of an agreement signed on `agreementDay` may be made. */
export function lastReferralDay(agreementDay: IsoDay): IsoDay {
  return addDays(agreementDay, REFERRAL_WINDOW_DAYS);
}

/** Whether `today` lies within the referral window of an agreement signed on `agreementDay`. */
export function withinReferralWindow(agreementDay: IsoDay, today: IsoDay): boolean {
  return today >= agreementDay && today <= lastReferralDay(agreementDay);
}

/** A court's decision needs its ruling number (裁定书文号) when it confirms. */
export function needsRulingNo(step: JudicialStep): boolean {
  return step === 'confirm';
}
