// The pure rules of the grid worker's outbox (待发送): every submission is queued on the phone first,
// then sent — photos one by one, then the item with the photo ids the server returned. Each part
// carries its own clientKey, so a retry after a lost answer gets the first answer, never a second row.
// No I/O here (outbox.ts stores entries in IndexedDB and runs them), so the rules are unit-tested.

export type SubmissionKind = 'work-item' | 'report';
export type EntryState = 'pending' | 'sending' | 'failed' | 'sent';

export interface QueuedPhoto<B> {
  /** the upload's own idempotency key */
  clientKey: string;
  name: string;
  blob: B;
  /** the id the server gave the upload, once it is there */
  uploadedId: string | null;
}

export interface QueueEntry<B = Blob> {
  /** the submission's clientKey (generated when the user pressed submit), also the entry's key */
  id: string;
  /** whose submission it is: another account logged in on the phone does not send it */
  userId: string;
  kind: SubmissionKind;
  /** what the list shows (kind of work or type of report, first words of the note) */
  label: string;
  /** the request body without clientKey and photoIds (added when sending) */
  body: Record<string, unknown>;
  photos: QueuedPhoto<B>[];
  state: EntryState;
  /** failed attempts so far (network errors, 5xx); the backoff grows with it */
  attempts: number;
  /** not before this time (epoch ms) */
  nextAttemptAt: number;
  createdAt: number;
  /** the last error's message (the server's, in the interface language) */
  error: string | null;
  /** the server's answer to the item, once sent */
  result: unknown;
}

export type Step = { kind: 'upload'; index: number } | { kind: 'submit'; photoIds: string[] };

/** What to do after a failed request. */
export type Verdict =
  /** try again later: no connection, a timeout, the server busy or broken (5xx), rate-limited */
  | 'retry'
  /** the session ended: keep the entry and wait for the log-in (no attempt is counted) */
  | 'auth'
  /** the server refused the content (4xx): retrying cannot help, show its message */
  | 'fail';

export const BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000 } as const;

export function newEntry<B>(
  input: Pick<QueueEntry<B>, 'id' | 'userId' | 'kind' | 'label' | 'body'> & {
    photos: { clientKey: string; name: string; blob: B }[];
  },
  now: number,
): QueueEntry<B> {
  return {
    ...input,
    photos: input.photos.map((p) => ({ ...p, uploadedId: null })),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    error: null,
    result: null,
  };
}

/**
 * How a failed request is treated, from its HTTP status (0 = no answer at all) and error code.
 * A CSRF refusal (403 FST_CSRF_…) means the token went stale with a new session: the runner
 * fetches a fresh one before every round, so it is worth another try.
 */
export function classify(status: number, code = ''): Verdict {
  if (status === 0 || status >= 500) return 'retry';
  if (status === 408 || status === 425 || status === 429) return 'retry';
  if (status === 401) return 'auth';
  if (status === 403 && code.startsWith('FST_CSRF')) return 'retry';
  return 'fail';
}

/**
 * The wait before the next try after `attempts` failures: doubling from 2 s up to 5 min, with
 * "equal jitter" (between half and all of it) so that many phones coming back online at the same
 * moment do not all hit the server together.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const n = Math.max(1, attempts);
  const full = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** Math.min(n - 1, 30));
  return Math.round(full / 2 + (full / 2) * Math.min(1, Math.max(0, random())));
}

/** The next request of an entry: the first photo not yet uploaded, else the item itself. */
export function nextStep<B>(e: QueueEntry<B>): Step {
  const index = e.photos.findIndex((p) => p.uploadedId === null);
  if (index >= 0) return { kind: 'upload', index };
  return { kind: 'submit', photoIds: e.photos.map((p) => p.uploadedId!) };
}

/** The entries to send now, oldest first: the user's pending ones whose wait is over. */
export function dueEntries<B>(
  entries: readonly QueueEntry<B>[],
  userId: string,
  now: number,
): QueueEntry<B>[] {
  return entries
    .filter((e) => e.userId === userId && e.state === 'pending' && e.nextAttemptAt <= now)
    .sort(byAge);
}

export const byAge = <B>(a: QueueEntry<B>, b: QueueEntry<B>) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** When the runner should wake up next for this user (epoch ms), or null when nothing waits. */
export function nextWakeAt<B>(entries: readonly QueueEntry<B>[], userId: string): number | null {
  const times = entries
    .filter((e) => e.userId === userId && e.state === 'pending')
    .map((e) => e.nextAttemptAt);
  return times.length ? Math.min(...times) : null;
}

/** A step succeeded: an upload keeps its id (never uploaded again), the item ends the entry. */
export function afterSuccess<B>(e: QueueEntry<B>, step: Step, value: unknown): QueueEntry<B> {
  if (step.kind === 'upload') {
    const id = (value as { id: string }).id;
    return { ...e, photos: e.photos.map((p, i) => (i === step.index ? { ...p, uploadedId: id } : p)) };
  }
  return { ...e, state: 'sent', error: null, result: value };
}

/** A step failed: wait and retry, wait for the log-in, or stop with the server's message. */
export function afterFailure<B>(
  e: QueueEntry<B>,
  failure: { status: number; code?: string; message: string },
  now: number,
  random: () => number = Math.random,
): QueueEntry<B> {
  const verdict = classify(failure.status, failure.code);
  if (verdict === 'fail') return { ...e, state: 'failed', error: failure.message };
  if (verdict === 'auth') return { ...e, state: 'pending', error: failure.message, nextAttemptAt: now };
  const attempts = e.attempts + 1;
  return {
    ...e,
    state: 'pending',
    attempts,
    error: failure.message,
    nextAttemptAt: now + backoffMs(attempts, random),
  };
}

/** The connection came back: every pending entry may go now (their failure counts stay). */
export function wakeAll<B>(entries: readonly QueueEntry<B>[], now: number): QueueEntry<B>[] {
  return entries.map((e) =>
    e.state === 'pending' && e.nextAttemptAt > now ? { ...e, nextAttemptAt: now } : e,
  );
}

/** After a reload an entry caught "sending" did not finish: it goes again (its keys make that safe). */
export function recover<B>(e: QueueEntry<B>): QueueEntry<B> {
  return e.state === 'sending' ? { ...e, state: 'pending' } : e;
}

/** The user asks to try a failed entry again (e.g. after the server's problem was fixed). */
export function retryNow<B>(e: QueueEntry<B>, now: number): QueueEntry<B> {
  return e.state === 'failed' || e.state === 'pending'
    ? { ...e, state: 'pending', attempts: 0, nextAttemptAt: now, error: null }
    : e;
}

/** The figures the outbox badge shows: waiting (pending or on its way) and failed. */
export function counts<B>(
  entries: readonly QueueEntry<B>[],
  userId: string,
): { waiting: number; failed: number } {
  let waiting = 0;
  let failed = 0;
  for (const e of entries) {
    if (e.userId !== userId) continue;
    if (e.state === 'pending' || e.state === 'sending') waiting++;
    else if (e.state === 'failed') failed++;
  }
  return { waiting, failed };
}
