// The triage model's files: the labelled texts (assets/triage/labelled.jsonl, one JSON object a
// line) and the counts trained from their training part (assets/triage/model.json, written by
// `yimen triage-train`). The test of the model checks that the shipped counts are exactly what
// training gives, so the file never drifts from the texts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CATEGORIES, RISK_LEVELS } from '../../../core/workflow/case-model.js';
import { featureTokens } from '../../../core/triage/features.js';
import { CATEGORY_LEXICON, LEXICON_WEIGHT } from '../../../core/triage/category-lexicon.js';
import {
  addLexicon,
  modelOf,
  trainNaiveBayes,
  type NaiveBayesCounts,
  type NaiveBayesModel,
} from '../../../core/triage/naive-bayes.js';
import { splitLabelled, type LabelledText } from '../../../core/triage/split.js';
import type { Segment } from '../../../core/triage/triage.js';
import { packageRoot } from '../../paths.js';

export const TRIAGE_DIR = path.join(packageRoot, 'assets', 'triage');
export const LABELLED_FILE = path.join(TRIAGE_DIR, 'labelled.jsonl');
export const MODEL_FILE = path.join(TRIAGE_DIR, 'model.json');
/** A second test set, written after the model and rules were tuned; never trained on. */
export const FRESH_FILE = path.join(TRIAGE_DIR, 'fresh.jsonl');

const CATEGORY_CODES = DEFAULT_CATEGORIES.map((c) => c.code);
const AUTHORS = ['resident', 'clerk', 'grid'];

/** Reads and checks the labelled texts; a bad line throws naming its number. */
export function readLabelled(file = LABELLED_FILE): LabelledText[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: LabelledText[] = [];
  const ids = new Set<string>();
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const r = JSON.parse(line) as LabelledText;
    const ok =
      typeof r.id === 'string' &&
      typeof r.text === 'string' &&
      r.text.trim().length > 0 &&
      CATEGORY_CODES.includes(r.category) &&
      (RISK_LEVELS as readonly string[]).includes(r.risk) &&
      AUTHORS.includes(r.by) &&
      !ids.has(r.id);
    if (!ok) throw new Error(`${path.basename(file)} line ${i + 1}: not a labelled text (or a duplicate id)`);
    ids.add(r.id);
    out.push(r);
  });
  return out;
}

/** Trains the category counts on the training part of the labelled texts, plus the lexicon. */
export function trainCounts(records: readonly LabelledText[], segment: Segment): NaiveBayesCounts {
  const { train } = splitLabelled(records);
  const learned = trainNaiveBayes(
    train.map((r) => ({ tokens: featureTokens(segment(r.text)), label: r.category })),
    CATEGORY_CODES,
  );
  return addLexicon(learned, CATEGORY_LEXICON, LEXICON_WEIGHT);
}

/** The stored counts as a file: one word a line, so a retraining reads as a small diff. */
export function serializeCounts(counts: NaiveBayesCounts): string {
  const words = Object.entries(counts.words).map(
    ([w, row]) => `    ${JSON.stringify(w)}: ${JSON.stringify(row)}`,
  );
  return [
    '{',
    `  "version": ${counts.version},`,
    `  "alpha": ${counts.alpha},`,
    `  "classes": ${JSON.stringify(counts.classes)},`,
    `  "docs": ${JSON.stringify(counts.docs)},`,
    `  "lexiconWeight": ${counts.lexiconWeight},`,
    '  "words": {',
    words.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

export function writeModel(counts: NaiveBayesCounts, file = MODEL_FILE): void {
  writeFileSync(file, serializeCounts(counts));
}

export function readModelCounts(file = MODEL_FILE): NaiveBayesCounts {
  return JSON.parse(readFileSync(file, 'utf8')) as NaiveBayesCounts;
}

let cached: NaiveBayesModel | null = null;

/** The shipped model, loaded once per process. */
export function triageModel(): NaiveBayesModel {
  cached ??= modelOf(readModelCounts());
  return cached;
}
