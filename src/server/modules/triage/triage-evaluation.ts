// How well triage does on the labelled texts: category accuracy on the held-out part (never seen
// in training), recall of the high-risk texts (labelled orange or red, flagged orange or red), how
// often a low-risk text is flagged, the exact risk level, and the same on the training part for
// comparison. `yimen triage --evaluate` prints it; the model's test asserts lower bounds.
import { performance } from 'node:perf_hooks';
import { isHighRisk } from '../../../core/triage/risk-rules.js';
import { splitLabelled, type LabelledText } from '../../../core/triage/split.js';
import { triage, type Segment } from '../../../core/triage/triage.js';
import type { NaiveBayesModel } from '../../../core/triage/naive-bayes.js';

export interface PartScore {
  texts: number;
  categoryCorrect: number;
  categoryAccuracy: number;
  /** texts labelled orange or red, and how many of them triage flagged orange or red */
  highRisk: { labelled: number; flagged: number; recall: number };
  /** texts labelled blue or yellow that triage flagged orange or red */
  falseHigh: { labelled: number; flagged: number; rate: number };
  riskExact: number;
}

export interface Miss {
  id: string;
  what: 'category' | 'high_risk';
  expected: string;
  got: string;
  text: string;
}

export interface TriageEvaluation {
  heldOut: PartScore;
  train: PartScore;
  /** the second test set (assets/triage/fresh.jsonl), written after tuning and never trained on */
  fresh: PartScore | null;
  /** held-out misses, for reading */
  misses: Miss[];
  /** mean time of one suggestion (segmentation included), measured over all texts */
  msPerText: number;
}

function score(
  records: readonly LabelledText[],
  model: NaiveBayesModel,
  segment: Segment,
  misses: Miss[] | null,
): PartScore {
  let categoryCorrect = 0;
  let riskExact = 0;
  const high = { labelled: 0, flagged: 0 };
  const low = { labelled: 0, flagged: 0 };
  for (const r of records) {
    const s = triage(model, segment, { description: r.text });
    if (s.category === r.category) categoryCorrect += 1;
    else misses?.push({ id: r.id, what: 'category', expected: r.category, got: s.category, text: r.text });
    if (s.risk === r.risk) riskExact += 1;
    if (isHighRisk(r.risk)) {
      high.labelled += 1;
      if (isHighRisk(s.risk)) high.flagged += 1;
      else misses?.push({ id: r.id, what: 'high_risk', expected: r.risk, got: s.risk, text: r.text });
    } else {
      low.labelled += 1;
      if (isHighRisk(s.risk)) low.flagged += 1;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 10_000) / 10_000);
  return {
    texts: records.length,
    categoryCorrect,
    categoryAccuracy: ratio(categoryCorrect, records.length),
    highRisk: { ...high, recall: ratio(high.flagged, high.labelled) },
    falseHigh: { ...low, rate: low.labelled === 0 ? 0 : ratio(low.flagged, low.labelled) },
    riskExact: ratio(riskExact, records.length),
  };
}

/** Scores the model on both parts of the labelled texts, and on the fresh texts if given. */
export function evaluateTriage(
  records: readonly LabelledText[],
  model: NaiveBayesModel,
  segment: Segment,
  freshRecords: readonly LabelledText[] = [],
): TriageEvaluation {
  const { train, heldOut } = splitLabelled(records);
  const misses: Miss[] = [];
  const started = performance.now();
  const held = score(heldOut, model, segment, misses);
  const fresh = freshRecords.length ? score(freshRecords, model, segment, misses) : null;
  const trained = score(train, model, segment, null);
  const ms = (performance.now() - started) / Math.max(1, records.length + freshRecords.length);
  return { heldOut: held, train: trained, fresh, misses, msPerText: Math.round(ms * 1000) / 1000 };
}
