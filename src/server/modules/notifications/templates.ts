// Texts of outgoing messages and of the staff bell. SMS go out in Chinese (the residents' language
// here); the bell is rendered in the reader's language when read.
import type { Lang } from '../../http/i18n.js';

export type Params = Record<string, string | number>;

const fill = (template: string, params: Params) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

/** SMS templates (短信模板; a real gateway registers each with its signature 【一门】). */
export const SMS_TEMPLATES = {
  otp: '【一门】您的验证码是 {code}，{minutes} 分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。',
  case_step: '【一门】您的诉求（编号 {caseNo}）{step}。查看进度：{link}',
  // issue 7: a mediation session's participants (parties, mediators without an account)
  mediation_session:
    '【一门】您参与的纠纷调解（编号 {caseNo}）定于 {time} 在{place}进行（第 {n} 次调解），请准时参加。',
} as const;
export type SmsTemplate = keyof typeof SMS_TEMPLATES;

/** E-mail templates: subject and body. `message` carries its own subject and text. */
export const EMAIL_TEMPLATES = {
  message: { subject: '{subject}', text: '{text}' },
  case_step: {
    subject: '一门：诉求 {caseNo} 有新进展',
    text: '您的诉求（编号 {caseNo}）{step}。\n查看进度：{link}',
  },
} as const;
export type EmailTemplate = keyof typeof EMAIL_TEMPLATES;

/** What each webhook call announces; its parameters are the event's body. */
export const WEBHOOK_TEMPLATES = ['case_event'] as const;
export type WebhookTemplate = (typeof WEBHOOK_TEMPLATES)[number];

/** The staff bell (站内通知), by kind. */
export const BELL_TEMPLATES: Record<string, { zh: string; en: string }> = {
  case_assigned: {
    zh: '案件 {caseNo} 已交由本单位办理，请及时受理。',
    en: 'Case {caseNo} was assigned to your unit; please accept it.',
  },
  case_co_handler: {
    zh: '本单位被列为案件 {caseNo} 的联办单位。',
    en: 'Your unit was added as a co-handler of case {caseNo}.',
  },
  case_summoned: {
    zh: '案件 {caseNo} 吹哨，请本部门按时报到。',
    en: 'Case {caseNo}: your department is summoned (whistle); please report in.',
  },
  case_rejected: {
    zh: '案件 {caseNo} 被承办单位退回，待审定。',
    en: 'Case {caseNo} was rejected by its handling unit and awaits your ruling.',
  },
  case_unsatisfied: {
    zh: '群众对案件 {caseNo} 的办理结果不满意。',
    en: 'The resident is unsatisfied with the result of case {caseNo}.',
  },
  case_reopened: {
    zh: '案件 {caseNo} 已重新办理。',
    en: 'Case {caseNo} was reopened.',
  },
  case_withdrawn: {
    zh: '群众已撤回案件 {caseNo}。',
    en: 'The resident withdrew case {caseNo}.',
  },
  // issue 8: a weekly meeting's decision (例会决定) addressed to the unit
  meeting_decision: {
    zh: '工作例会就案件 {caseNo} 作出决定，交由本单位落实，请按期办理。',
    en: 'The weekly meeting made a decision on case {caseNo} for your unit to carry out by its due day.',
  },
  // issue 7: mediation sessions and the performance of agreements (履行)
  mediation_session: {
    zh: '案件 {caseNo} 第 {n} 次调解定于 {time} 在{place}进行，请准时参加。',
    en: 'Case {caseNo}: mediation session {n} at {time}, {place}.',
  },
  agreement_term_due_soon: {
    zh: '案件 {caseNo} 调解协议第 {n} 条将于 {dueDay} 到期，请跟进履行情况。',
    en: 'Case {caseNo}: term {n} of the agreement falls due on {dueDay}; please follow up its performance.',
  },
  agreement_term_due: {
    zh: '案件 {caseNo} 调解协议第 {n} 条已到履行期限（{dueDay}），请核实是否履行。',
    en: 'Case {caseNo}: term {n} of the agreement was due on {dueDay}; please check whether it was performed.',
  },
  agreement_term_breached: {
    zh: '案件 {caseNo} 调解协议第 {n} 条未按期履行。',
    en: 'Case {caseNo}: term {n} of the agreement was not performed.',
  },
};

export function renderSms(template: string, params: Params): string {
  const t = (SMS_TEMPLATES as Record<string, string>)[template];
  if (!t) throw new Error(`unknown SMS template ${template}`);
  return fill(t, params);
}

export function renderEmail(template: string, params: Params): { subject: string; text: string } {
  const t = (EMAIL_TEMPLATES as Record<string, { subject: string; text: string }>)[template];
  if (!t) throw new Error(`unknown e-mail template ${template}`);
  return { subject: fill(t.subject, params), text: fill(t.text, params) };
}

/** A bell entry's text; an unknown kind shows its parameters rather than failing the list. */
export function renderBell(kind: string, params: Params, lang: Lang): string {
  const t = BELL_TEMPLATES[kind];
  if (!t) return `${kind} ${Object.values(params).join(' ')}`.trim();
  return fill(lang === 'en' ? t.en : t.zh, params);
}
