// Triage suggestions (分流研判) for the registration form and for every intake: the category and
// risk level with their reasons, from jieba's segmentation and the shipped model.
import { triage, type TriageInput, type TriageSuggestion } from '../../../core/triage/triage.js';
import { segment } from './segmenter.js';
import { triageModel } from './triage-model.js';

/** Suggests category and risk for a description (pure apart from loading the model once). */
export function suggestTriage(input: TriageInput): TriageSuggestion {
  return triage(triageModel(), segment, input);
}
