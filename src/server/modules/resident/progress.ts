// The resident-readable progress line of a case: which step, when, and which unit — never a staff
// member's name, a note, a reason or anything else internal. The resident H5, the resident API
// and the SMS of each step all read it from here.
import type { Lang } from '../../http/i18n.js';

/** One ledger event, as much of it as the progress line may read. */
export interface StepEvent {
  seq: number;
  at: Date;
  action: string;
  payload: Record<string, unknown>;
  actorUnitId: string | null;
}

export interface ResidentStep {
  seq: number;
  at: string;
  action: string;
  /** one readable sentence in the requested language */
  text: string;
  /** the unit the step concerns, when there is one */
  unitName: string | null;
}

const OUTCOME: Record<string, { zh: string; en: string }> = {
  mediated_agreement: { zh: '调解成功', en: 'settled by mediation' },
  mediation_failed: { zh: '调解未成功', en: 'mediation did not succeed' },
  other_resolution: { zh: '已通过其他方式化解', en: 'resolved otherwise' },
};

const GUIDANCE: Record<string, { zh: string; en: string }> = {
  litigation: { zh: '诉讼', en: 'a lawsuit' },
  arbitration: { zh: '仲裁', en: 'arbitration' },
  administrative_review: { zh: '行政复议', en: 'administrative review' },
  petition: { zh: '信访', en: 'a petition' },
  other: { zh: '其他合法途径', en: 'other lawful channels' },
};

const SATISFACTION: Record<string, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'unsatisfied' },
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The unit ids a step names (to look their names up in one query). */
export function unitIdsOfStep(e: StepEvent): string[] {
  const p = e.payload;
  switch (e.action) {
    case 'register':
      return [str(p.owner_unit_id)].filter((x): x is string => !!x);
    case 'assign':
    case 'accept':
    case 'transfer':
    case 'rule_rejection':
      return [str(p.unit_id)].filter((x): x is string => !!x);
    case 'escalate':
      return Array.isArray(p.department_unit_ids) ? (p.department_unit_ids as string[]) : [];
    default:
      return e.actorUnitId ? [e.actorUnitId] : [];
  }
}

/**
 * The step a resident reads for one event, or null when the event is internal (handling notes,
 * clocks, rejections awaiting a ruling, oversight records).
 */
export function residentStep(
  e: StepEvent,
  unitName: (id: string | null) => string | null,
  lang: Lang,
): ResidentStep | null {
  const p = e.payload;
  const zh = lang !== 'en';
  const say = (z: string, en: string) => (zh ? z : en);
  const u = (id: unknown) => unitName(str(id));
  let text: string;
  let unit: string | null = null;
  switch (e.action) {
    case 'register':
      unit = u(p.owner_unit_id);
      text = say(
        `诉求已登记，由${unit ?? '综治中心'}负责`,
        `Registered; ${unit ?? 'the center'} is responsible`,
      );
      break;
    case 'assign':
      unit = u(p.unit_id);
      text = say(`已分派至${unit ?? '承办单位'}办理`, `Assigned to ${unit ?? 'a handling unit'}`);
      break;
    case 'transfer':
      unit = u(p.unit_id);
      text = say(`已转由${unit ?? '承办单位'}办理`, `Transferred to ${unit ?? 'another unit'}`);
      break;
    case 'rule_rejection':
      if (p.decision !== 'uphold') return null;
      unit = u(p.unit_id);
      text = say(`已改由${unit ?? '承办单位'}办理`, `Now handled by ${unit ?? 'another unit'}`);
      break;
    case 'accept':
      unit = u(p.unit_id);
      text = say(`${unit ?? '承办单位'}已受理`, `${unit ?? 'The handling unit'} accepted the case`);
      break;
    case 'escalate': {
      const names = (Array.isArray(p.department_unit_ids) ? (p.department_unit_ids as string[]) : [])
        .map((id) => unitName(id))
        .filter((x): x is string => !!x);
      unit = names.join(zh ? '、' : ', ') || null;
      text = say(
        `已提请上级协调办理${unit ? `（${unit}）` : ''}`,
        `Referred upward for coordinated handling${unit ? ` (${unit})` : ''}`,
      );
      break;
    }
    case 'conclude': {
      unit = unitName(e.actorUnitId);
      const outcome = OUTCOME[String(p.outcome)];
      const guidance = GUIDANCE[String(p.guidance)];
      text = say(
        `已办结${outcome ? `：${outcome.zh}` : ''}${guidance ? `，可通过${guidance.zh}途径继续解决` : ''}`,
        `Concluded${outcome ? `: ${outcome.en}` : ''}${guidance ? `; you may pursue ${guidance.en}` : ''}`,
      );
      break;
    }
    case 'follow_up': {
      const s = SATISFACTION[String(p.satisfaction)];
      text = say(`已回访${s ? `（${s.zh}）` : ''}`, `Follow-up recorded${s ? ` (${s.en})` : ''}`);
      break;
    }
    case 'reopen':
      text = say('已重新办理', 'Reopened for further handling');
      break;
    case 'archive':
      text = say('已归档，办理结束', 'Archived; the case is closed');
      break;
    case 'withdraw':
      text = say('诉求已撤回', 'Withdrawn');
      break;
    case 'decline': {
      const guidance = GUIDANCE[String(p.guidance)];
      text = say(
        `不予受理${guidance ? `，可通过${guidance.zh}途径解决` : ''}`,
        `Not accepted${guidance ? `; you may pursue ${guidance.en}` : ''}`,
      );
      break;
    }
    default:
      return null;
  }
  return { seq: e.seq, at: e.at.toISOString(), action: e.action, text, unitName: unit };
}
