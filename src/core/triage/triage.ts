// Triage (分流研判): from a description in Chinese, the category of the spine's taxonomy the words
// point to (naive Bayes over the segmented text) and the risk level the explicit rules give, each
// with its reasons. Segmentation is passed in (the server uses jieba), so this stays pure.
import type { RiskLevel } from '../workflow/case-model.js';
import { featureTokens } from './features.js';
import { classify, type NaiveBayesModel } from './naive-bayes.js';
import { assessRisk, isYearEndPeriod, type RiskReason, type RiskRule } from './risk-rules.js';

/** Splits a text into words (jieba in the server; any function in tests). */
export type Segment = (text: string) => string[];

/** The category the suggestion falls back to when no word of the text is known. */
export const FALLBACK_CATEGORY = 'other';

/** Below this posterior the category is offered as a guess (the console says so). */
export const CONFIDENT = 0.6;

export interface TriageInput {
  description: string;
  title?: string;
  /** parties registered with it (≥ 5 makes a group dispute) */
  partyCount?: number;
  /** earlier cases of the same person or address within the repeat window */
  repeats?: number;
  /** when it is registered: wage arrears in the year-end period count without year-end words */
  at?: Date;
  /** the category already chosen, if any: the risk rules use it instead of the suggestion */
  categoryCode?: string;
}

/** A reason of a suggestion: the category's words, or a risk rule that fired. */
export type TriageReason =
  | { rule: 'category'; category: string; confidence: number; words: string[] }
  | (RiskReason & { rule: RiskRule });

export interface TriageSuggestion {
  category: string;
  /** posterior probability of the suggested category, 0..1 (2 decimals) */
  confidence: number;
  risk: RiskLevel;
  reasons: TriageReason[];
}

/** Suggests a category and a risk level for a description, with the reasons for both. */
export function triage(model: NaiveBayesModel, segment: Segment, input: TriageInput): TriageSuggestion {
  const text = [input.title ?? '', input.description].filter(Boolean).join('。');
  const tokens = segment(text);
  const c = classify(model, featureTokens(tokens), FALLBACK_CATEGORY);
  const risk = assessRisk({
    tokens,
    text,
    partyCount: input.partyCount,
    repeats: input.repeats,
    yearEnd: input.at ? isYearEndPeriod(input.at) : undefined,
    categoryCode: input.categoryCode ?? c.label,
  });
  const confidence = Math.round(c.confidence * 100) / 100;
  return {
    category: c.label,
    confidence,
    risk: risk.level,
    reasons: [
      { rule: 'category', category: c.label, confidence, words: c.evidence.map((e) => e.word) },
      ...risk.reasons,
    ],
  };
}
