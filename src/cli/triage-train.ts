import { evaluateTriage } from '../server/modules/triage/triage-evaluation.js';
import { MODEL_FILE, readLabelled, trainCounts, writeModel } from '../server/modules/triage/triage-model.js';
import { modelOf } from '../core/triage/naive-bayes.js';
import { segment } from '../server/modules/triage/segmenter.js';

/**
 * `yimen triage-train`: retrains the category model on the training part of
 * assets/triage/labelled.jsonl (plus the category lexicon) and writes assets/triage/model.json;
 * prints the held-out category accuracy of the new model.
 */
export async function triageTrainCommand(): Promise<void> {
  const records = readLabelled();
  const counts = trainCounts(records, segment);
  writeModel(counts);
  const report = evaluateTriage(records, modelOf(counts), segment);
  console.log(
    `wrote ${MODEL_FILE}: ${Object.keys(counts.words).length} words, ${counts.docs.reduce((a, b) => a + b, 0)} training texts; ` +
      `held-out category accuracy ${(report.heldOut.categoryAccuracy * 100).toFixed(1)} %`,
  );
}
