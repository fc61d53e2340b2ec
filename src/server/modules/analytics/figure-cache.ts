// Dashboard figures shared by everyone who asks for the same region and period within a moment.
// A wall screen is watched by many and a county's leaders open the same dashboard: without this,
// fifty screens asking at once run the same seven queries fifty times (measured on PostgreSQL at
// 10,000 cases: 4.4 ms of database CPU per overview). Figures are computed once per key and
// reused for at most `maxAgeMs` (YIMEN_DASHBOARD_MAX_AGE_MS, default 2 s: the lag a dashboard may
// show, stated in docs/analytics.md); requests that arrive while a computation runs wait for it.
// The caller's right to the region is checked before the cache is asked (dashboardRegion), and a
// key names only what the figures depend on, so one user never sees figures another may not.

export interface FigureCacheOptions {
  /** how long computed figures are reused; 0 computes every request anew */
  maxAgeMs: number;
  /** entries kept at most (the oldest go first) */
  maxEntries?: number;
  /** a monotonic clock in milliseconds (tests move it) */
  now?: () => number;
}

interface Entry {
  at: number;
  value: Promise<unknown>;
}

export class FigureCache {
  private readonly entries = new Map<string, Entry>();
  readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: FigureCacheOptions) {
    this.maxAgeMs = opts.maxAgeMs;
    this.maxEntries = opts.maxEntries ?? 1000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The figures for `key`: computed now, being computed, or computed less than maxAgeMs ago. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.maxAgeMs <= 0) return compute();
    const now = this.now();
    const hit = this.entries.get(key);
    // an entry's age counts from when its computation started: its figures are at least that old
    if (hit && now - hit.at < this.maxAgeMs) return hit.value as Promise<T>;
    const value = compute();
    const entry: Entry = { at: now, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    // a failure is not kept: the next request tries again
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Computes every request: callers that pass no cache (reports, meetings, tests of the figures). */
export const NO_CACHE = new FigureCache({ maxAgeMs: 0 });
