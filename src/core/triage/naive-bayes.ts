// The category model of triage: a multinomial naive Bayes over the words of a description, trained
// on the labelled texts (assets/triage/labelled.jsonl). It is kept as counts, not as weights, so
// that every suggestion can be explained by the words that weighed most for it ("工资 seen 41
// times in labor texts") and a retraining is an exact, reviewable diff.

/** What is stored (assets/triage/model.json): counts only; probabilities are derived at load. */
export interface NaiveBayesCounts {
  version: 1;
  /** Laplace smoothing added to every count */
  alpha: number;
  /** the categories, in the order of every per-class array below */
  classes: string[];
  /** training documents per class */
  docs: number[];
  /** pseudo-occurrences each lexicon word added to its class (0: none) */
  lexiconWeight: number;
  /** each word's occurrences per class: texts that contain it, plus the lexicon's pseudo-counts */
  words: Record<string, number[]>;
}

/** A model ready to classify (log probabilities precomputed). */
export interface NaiveBayesModel {
  counts: NaiveBayesCounts;
  logPrior: number[];
  /** log P(word | class) for each known word */
  logLikelihood: Map<string, number[]>;
}

/** One labelled document, already segmented and filtered (see featureTokens). */
export interface TrainingDoc {
  tokens: readonly string[];
  label: string;
}

/** Counts per class over the documents; classes in the given order (every class keeps a slot). */
export function trainNaiveBayes(
  docs: readonly TrainingDoc[],
  classes: readonly string[],
  alpha = 0.5,
): NaiveBayesCounts {
  const index = new Map(classes.map((c, i) => [c, i]));
  const docCounts = classes.map(() => 0);
  const words = new Map<string, number[]>();
  for (const d of docs) {
    const ci = index.get(d.label);
    if (ci === undefined) throw new Error(`unknown class: ${d.label}`);
    docCounts[ci]! += 1;
    for (const t of d.tokens) {
      let row = words.get(t);
      if (!row) {
        row = classes.map(() => 0);
        words.set(t, row);
      }
      row[ci]! += 1;
    }
  }
  // sorted keys: the stored file is the same for the same data, whatever the order of the lines
  const sorted = [...words.keys()].sort();
  return {
    version: 1,
    alpha,
    classes: [...classes],
    docs: docCounts,
    lexiconWeight: 0,
    words: Object.fromEntries(sorted.map((w) => [w, words.get(w)!])),
  };
}

/**
 * Adds `weight` pseudo-occurrences of each lexicon word to its class (domain knowledge beside
 * what the labelled texts taught); documents per class are unchanged.
 */
export function addLexicon(
  counts: NaiveBayesCounts,
  lexicon: Readonly<Record<string, readonly string[]>>,
  weight: number,
): NaiveBayesCounts {
  const words: Record<string, number[]> = {};
  for (const [w, row] of Object.entries(counts.words)) words[w] = [...row];
  counts.classes.forEach((c, ci) => {
    for (const w of lexicon[c] ?? []) {
      words[w] ??= counts.classes.map(() => 0);
      words[w]![ci]! += weight;
    }
  });
  const sorted = Object.keys(words).sort();
  return {
    ...counts,
    lexiconWeight: counts.lexiconWeight + weight,
    words: Object.fromEntries(sorted.map((w) => [w, words[w]!])),
  };
}

/** Derives the log probabilities from stored counts. */
export function modelOf(counts: NaiveBayesCounts): NaiveBayesModel {
  const k = counts.classes.length;
  const vocabulary = Object.keys(counts.words).length;
  const totalDocs = counts.docs.reduce((a, b) => a + b, 0);
  // priors smoothed too, so that a class without training texts is unlikely but possible
  const logPrior = counts.docs.map((n) => Math.log((n + 1) / (totalDocs + k)));
  const totals = counts.classes.map((_, ci) =>
    Object.values(counts.words).reduce((sum, row) => sum + (row[ci] ?? 0), 0),
  );
  const logLikelihood = new Map<string, number[]>();
  for (const [w, row] of Object.entries(counts.words)) {
    logLikelihood.set(
      w,
      row.map((n, ci) => Math.log((n + counts.alpha) / (totals[ci]! + counts.alpha * vocabulary))),
    );
  }
  return { counts, logPrior, logLikelihood };
}

/** A word that weighed for the chosen class, with its weight (log-odds against the runner-up). */
export interface WordWeight {
  word: string;
  weight: number;
}

export interface Classification {
  label: string;
  /** the posterior probability of the chosen class (0..1) */
  confidence: number;
  /** the runner-up class and its probability */
  runnerUp: { label: string; confidence: number } | null;
  /** the known words that pushed towards the chosen class, strongest first */
  evidence: WordWeight[];
  /** how many tokens the model knew */
  knownTokens: number;
}

/**
 * The most probable class of a document. Unknown words are ignored (they carry no evidence); a
 * document without a known word falls back to `fallback` with confidence 0.
 */
export function classify(
  model: NaiveBayesModel,
  tokens: readonly string[],
  fallback: string,
  maxEvidence = 6,
): Classification {
  const { classes } = model.counts;
  const scores = [...model.logPrior];
  const known: string[] = [];
  for (const t of tokens) {
    const ll = model.logLikelihood.get(t);
    if (!ll) continue;
    known.push(t);
    for (let ci = 0; ci < classes.length; ci++) scores[ci]! += ll[ci]!;
  }
  if (known.length === 0) {
    return { label: fallback, confidence: 0, runnerUp: null, evidence: [], knownTokens: 0 };
  }
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  const order = scores.map((s, ci) => ({ s, ci })).sort((a, b) => b.s - a.s || a.ci - b.ci);
  const best = order[0]!.ci;
  const second = order[1]?.ci;
  // each known word's pull: its log-likelihood for the chosen class minus that for the runner-up
  const pull = new Map<string, number>();
  for (const t of known) {
    const ll = model.logLikelihood.get(t)!;
    const w = second === undefined ? ll[best]! : ll[best]! - ll[second]!;
    pull.set(t, (pull.get(t) ?? 0) + w);
  }
  const evidence = [...pull.entries()]
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxEvidence)
    .map(([word, weight]) => ({ word, weight: Math.round(weight * 100) / 100 }));
  return {
    label: classes[best]!,
    confidence: exp[best]! / sum,
    runnerUp: second === undefined ? null : { label: classes[second]!, confidence: exp[second]! / sum },
    evidence,
    knownTokens: known.length,
  };
}
