// The Chinese words of the dossier (卷宗): each ledger action, outcome, channel and state, as a paper
// file says them. The console has its own (web/src/i18n); this is the server's, for documents.
import { ACTIONS } from '../../../core/workflow/policy.js';
import { RECORD_ACTIONS } from '../../../core/workflow/records.js';

export const ACTION_ZH: Record<string, string> = {
  register: '登记',
  assign: '分流交办',
  accept: '受理',
  reject: '退回',
  rule_rejection: '审定退回',
  transfer: '转办',
  add_co_handler: '增加联办单位',
  escalate: '上报（吹哨）',
  report_in: '报到',
  handle: '办理',
  pause_clock: '中止计时',
  resume_clock: '恢复计时',
  request_extension: '申请延期',
  rule_extension: '审批延期',
  conclude: '办结',
  follow_up: '回访',
  reopen: '重办',
  archive: '归档',
  withdraw: '撤回',
  decline: '不予受理',
  supervision_ordered: '督办',
  supervision_answered: '督办反馈',
  supervision_escalated: '督办升级',
  instruction: '领导批示',
  report_in_missed: '超时未报到',
  response_rated: '响应评价',
  mediation_assigned: '组建调解团队',
  mediation_session_scheduled: '安排调解',
  mediation_session_held: '调解笔录',
  mediation_agreement: '调解协议书',
  agreement_term_performed: '协议条款已履行',
  agreement_term_breached: '协议条款未履行',
  judicial_confirmation_referred: '申请司法确认',
  judicial_confirmation_updated: '司法确认进展',
  meeting_decision: '例会决定',
  meeting_decision_done: '例会决定已落实',
};

/** Every action the ledger may hold has its word (checked by the dossier's test). */
export const LEDGER_ACTIONS: readonly string[] = ['register', ...ACTIONS, ...RECORD_ACTIONS];

export const OUTCOME_ZH: Record<string, string> = {
  mediated_agreement: '调解成功',
  mediation_failed: '调解不成',
  other_resolution: '其他方式化解',
};

export const GUIDANCE_ZH: Record<string, string> = {
  litigation: '诉讼',
  arbitration: '仲裁',
  administrative_review: '行政复议',
  petition: '信访',
  other: '其他合法途径',
};

export const SATISFACTION_ZH: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export const CHANNEL_ZH: Record<string, string> = {
  window: '窗口',
  qr: '解纷码',
  grid: '网格上报',
  hotline: '热线',
  petition: '信访',
  patrol: '巡查',
  api: '系统对接',
};

export const STATE_ZH: Record<string, string> = {
  registered: '待受理',
  assigned: '已分派',
  in_progress: '办理中',
  concluded: '已办结',
  followed_up: '已回访',
  archived: '已归档',
  withdrawn: '已撤回',
  declined: '不予受理',
};

export const SESSION_OUTCOME_ZH: Record<string, string> = {
  agreement: '达成协议',
  continue: '继续调解',
  failed: '调解不成',
};

export const TERM_STATUS_ZH: Record<string, string> = {
  pending: '待履行',
  performed: '已履行',
  breached: '未履行',
};

export const JUDICIAL_ZH: Record<string, string> = {
  referred: '已申请',
  accepted: '法院已受理',
  confirmed: '裁定确认有效',
  rejected: '裁定驳回',
  withdrawn: '已撤回申请',
};

export const PARTY_ROLE_ZH: Record<string, string> = {
  applicant: '申请人',
  respondent: '被申请人',
  third_party: '第三人',
};

export const ROLE_ZH: Record<string, string> = {
  grid_worker: '网格员',
  security_member: '治保员',
  clerk: '窗口受理员',
  dispatcher: '调度员',
  department_staff: '部门人员',
  mediator: '调解员',
  leader: '领导',
  supervisor: '督办员',
  resident: '群众',
  system: '系统',
};

/** Payload keys whose text a dossier line quotes, with their labels. */
export const TEXT_KEYS_ZH: readonly (readonly [string, string])[] = [
  ['summary', '办理结果'],
  ['reason', '理由'],
  ['legal_ground', '法律依据'],
  ['instructions', '督办要求'],
  ['answer', '反馈'],
  ['text', '批示'],
  ['comment', '评价'],
  ['note', '说明'],
  ['decision', '例会决定'],
  ['done_note', '落实情况'],
];
