// Spikes (激增): a category in a township rising well above its recent baseline. The statistic is a
// Poisson tail: under the baseline rate λ (the mean of the previous weeks, at least LAMBDA_FLOOR),
// how likely is a week with at least this many cases? A spike is a week whose count is at least
// MIN_COUNT, at least MIN_RATIO times the baseline mean, and whose tail probability is at most
// ALPHA. The mean and standard deviation are reported beside it for the reader (mean + 3·sd is
// what a control chart would say), but the decision is the Poisson tail, which behaves on the
// sparse counts of one township and one category (mostly zeros, where a standard deviation of 0
// would call any single case a spike).

export interface SpikeOptions {
  /** a week needs at least this many cases to be a spike at all */
  minCount: number;
  /** ... and at least this many times the baseline mean */
  minRatio: number;
  /** ... and a tail probability at most this under the baseline */
  alpha: number;
  /** the baseline rate never counts as lower than this (a township with no cases so far) */
  lambdaFloor: number;
}

export const SPIKE_DEFAULTS: SpikeOptions = { minCount: 5, minRatio: 2, alpha: 0.001, lambdaFloor: 0.5 };

/** Weeks of baseline before the week looked at. */
export const BASELINE_WEEKS = 8;

export interface SpikeVerdict {
  spike: boolean;
  current: number;
  /** mean and (population) standard deviation of the baseline weeks */
  mean: number;
  sd: number;
  /** the rate the tail is computed under */
  lambda: number;
  /** P(X ≥ current) for X ~ Poisson(lambda) */
  pValue: number;
  /** the smallest count that would have been a spike this week */
  threshold: number;
}

const LN_CACHE: number[] = [0];
/** ln(n!) by summing logs (counts here stay small; cached). */
function logFactorial(n: number): number {
  for (let i = LN_CACHE.length; i <= n; i++) LN_CACHE[i] = LN_CACHE[i - 1]! + Math.log(i);
  return LN_CACHE[n]!;
}

/** P(X ≥ k) for X ~ Poisson(lambda), summed in log space from k upwards (no underflow). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const logLambda = Math.log(lambda);
  let sum = 0;
  for (let i = k; ; i++) {
    const term = Math.exp(-lambda + i * logLambda - logFactorial(i));
    sum += term;
    if (i > lambda && term < sum * 1e-15) break;
    if (i > k + 10_000) break;
  }
  return Math.min(1, sum);
}

/** Mean and population standard deviation. */
export function meanAndSd(xs: readonly number[]): { mean: number; sd: number } {
  if (xs.length === 0) return { mean: 0, sd: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, sd: Math.sqrt(variance) };
}

/** Whether `current` is a spike over the baseline weeks `history` (counts per week). */
export function detectSpike(
  current: number,
  history: readonly number[],
  opts: SpikeOptions = SPIKE_DEFAULTS,
): SpikeVerdict {
  const { mean, sd } = meanAndSd(history);
  const lambda = Math.max(mean, opts.lambdaFloor);
  const isSpike = (k: number) =>
    k >= opts.minCount && k >= opts.minRatio * mean && poissonUpperTail(k, lambda) <= opts.alpha;
  let threshold = Math.max(opts.minCount, Math.ceil(opts.minRatio * mean));
  while (!isSpike(threshold)) threshold += 1;
  const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    spike: current >= threshold,
    current,
    mean: round(mean),
    sd: round(sd),
    lambda: round(lambda),
    pValue: poissonUpperTail(current, lambda),
    threshold,
  };
}
