// What registration asks of the warnings, inside its own transaction (so a warning exists if and
// only if its case does): the earlier cases of the same person or address, before the triage risk
// is computed (repeats raise it), and afterwards the warnings of a high-risk case and of a repeat.
import { REPEAT_WINDOW_DAYS } from '../../../core/analysis/repeat-keys.js';
import { commonRegion, responsibleLevel } from '../../../core/analysis/warning-routing.js';
import type { TriageReason } from '../../../core/triage/triage.js';
import type { HandlingLevel, RiskLevel } from '../../../core/workflow/case-model.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import { raiseWarning, type WarningReason } from './warnings.service.js';
import * as q from './warnings.queries.js';

/** The blind indexes of a new case's applicants and address (never clear values). */
export interface RepeatKeys {
  idNumber: string[];
  phone: string[];
  namePinyin: string[];
  address: string[];
}

/** What matched, per earlier case. */
export type MatchedBy = 'id_number' | 'phone' | 'name_pinyin' | 'address';

export interface RepeatMatch {
  caseId: string;
  caseNo: string;
  channel: string;
  regionCode: string;
  createdAt: string;
  by: MatchedBy[];
}

export interface RepeatFinding {
  matches: RepeatMatch[];
  /** earlier cases of the same person or address by ID number, phone or address: confirmed */
  confirmed: number;
  /** earlier cases matched by the pinyin of a name alone: candidates */
  candidates: number;
}

/**
 * Earlier cases (within REPEAT_WINDOW_DAYS, any channel) whose applicant has the same ID number,
 * phone or address, or the same name by pinyin within the same township, or whose address is
 * the same.
 */
export async function findRepeats(
  trx: Trx,
  input: { caseId: string; regionCode: string; now: Date; keys: RepeatKeys },
): Promise<RepeatFinding> {
  const since = new Date(input.now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  const rows = await q.repeatMatches(trx, {
    caseId: input.caseId,
    since,
    township: input.regionCode.slice(0, 9),
    ...input.keys,
  });
  const byCase = new Map<string, RepeatMatch>();
  for (const r of rows) {
    const m =
      byCase.get(r.id) ??
      ({
        caseId: r.id,
        caseNo: r.case_no,
        channel: r.channel,
        regionCode: r.region_code,
        createdAt: r.created_at.toISOString(),
        by: [],
      } satisfies RepeatMatch);
    const add = (b: MatchedBy, hit: unknown) => {
      if (hit && !m.by.includes(b)) m.by.push(b);
    };
    add('id_number', r.by_id_number);
    add('phone', r.by_phone);
    add('name_pinyin', r.by_name);
    add('address', r.by_address);
    byCase.set(r.id, m);
  }
  const matches = [...byCase.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  const confirmed = matches.filter((m) => m.by.some((b) => b !== 'name_pinyin')).length;
  return { matches, confirmed, candidates: matches.length - confirmed };
}

export interface IntakeFacts {
  caseId: string;
  caseNo: string;
  regionCode: string;
  categoryCode: string;
  channel: string;
  handlingLevel: HandlingLevel;
  /** the case's risk level as stored */
  risk: RiskLevel;
  /** what the registering person chose, if anything */
  chosenRisk: RiskLevel | null;
  triage: { category: string; confidence: number; risk: RiskLevel; reasons: TriageReason[] };
}

/** Raises the warnings a new case calls for: high risk (orange, red) and repeat. */
export async function raiseIntakeWarnings(
  trx: Trx,
  deps: Pick<AppDeps, 'newId' | 'clock'>,
  facts: IntakeFacts,
  repeats: RepeatFinding,
): Promise<void> {
  if (facts.risk === 'red' || facts.risk === 'orange') {
    const reasons: WarningReason[] = facts.triage.reasons
      .filter((r) => r.rule !== 'category')
      .map((r) => ({
        code: r.rule,
        ...('level' in r ? { level: r.level } : {}),
        words: r.words,
        ...('params' in r && r.params ? { params: r.params } : {}),
      }));
    // a level set at registration above what the rules found is a reason of its own
    if (facts.chosenRisk && facts.chosenRisk !== facts.triage.risk && facts.chosenRisk === facts.risk) {
      reasons.unshift({ code: 'set_at_registration', level: facts.chosenRisk });
    }
    await raiseWarning(trx, deps, {
      kind: 'high_risk',
      subjectKey: `high_risk:${facts.caseId}`,
      severity: facts.risk,
      regionCode: facts.regionCode,
      levelCode: responsibleLevel(facts.regionCode, facts.risk, facts.handlingLevel),
      caseId: facts.caseId,
      categoryCode: facts.categoryCode,
      reasons,
      evidence: {
        caseIds: [facts.caseId],
        caseNo: facts.caseNo,
        channel: facts.channel,
        suggestedCategory: facts.triage.category,
        confidence: facts.triage.confidence,
      },
      weight: 1,
    });
  }
  if (repeats.matches.length > 0) {
    const earlier = repeats.matches;
    const count = (b: MatchedBy) => earlier.filter((m) => m.by.includes(b)).length;
    const reasons: WarningReason[] = [];
    for (const [b, code] of [
      ['id_number', 'same_id_number'],
      ['phone', 'same_phone'],
      ['address', 'same_address'],
      ['name_pinyin', 'same_name_pinyin'],
    ] as const) {
      const n = count(b);
      if (n > 0) reasons.push({ code, params: { cases: n, days: REPEAT_WINDOW_DAYS } });
    }
    const region = commonRegion([facts.regionCode, ...earlier.map((m) => m.regionCode)]);
    const caseIds = [...earlier.map((m) => m.caseId), facts.caseId];
    await raiseWarning(trx, deps, {
      kind: 'repeat',
      // the person's first case in the window names the subject: each return updates one warning
      subjectKey: `repeat:${earlier[0]!.caseId}`,
      severity: repeats.confirmed >= 2 ? 'orange' : 'yellow',
      regionCode: region,
      levelCode: region,
      caseId: facts.caseId,
      categoryCode: facts.categoryCode,
      reasons,
      evidence: {
        caseIds,
        latestCaseId: facts.caseId,
        channels: [...new Set([...earlier.map((m) => m.channel), facts.channel])],
        matches: earlier,
        confirmed: repeats.confirmed,
        candidates: repeats.candidates,
      },
      weight: caseIds.length,
      reopenWhenHandled: true,
    });
  }
}
