// The outbox on the phone: every submission is stored in IndexedDB first (photos as Blobs), then
// sent when there is a connection — at once, on the window's 'online' event, and by a timer with
// backoff. The rules (order, steps, what is retried) are in queue.ts; this file does the I/O.
import { useSyncExternalStore } from 'react';
import { api, ApiError, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';
import { idbAll, idbDelete, idbPut, STORES } from './idb';
import {
  afterFailure,
  afterSuccess,
  backoffMs,
  byAge,
  classify,
  dueEntries,
  newEntry,
  nextStep,
  nextWakeAt,
  recover,
  retryNow,
  wakeAll,
  type QueueEntry,
  type Step,
  type SubmissionKind,
} from './queue';

export interface OutboxState {
  loaded: boolean;
  online: boolean;
  entries: QueueEntry[];
}

const URLS: Record<SubmissionKind, string> = {
  'work-item': '/api/grid/work-items',
  report: '/api/grid/reports',
};

type Listener = () => void;

class Outbox {
  private state: OutboxState = { loaded: false, online: navigator.onLine, entries: [] };
  private listeners = new Set<Listener>();
  private userId: string | null = null;
  private flushing = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started: Promise<void> | null = null;
  /** after the server could not be reached at all: no round before this time */
  private pauseUntil = 0;
  private unreachable = 0;

  subscribe = (fn: Listener) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  snapshot = () => this.state;

  private set(patch: Partial<OutboxState>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((fn) => fn());
  }

  /** Loads what is stored and listens for the connection; idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      window.addEventListener('online', () => {
        this.pauseUntil = 0;
        this.set({ online: true, entries: wakeAll(this.state.entries, Date.now()) });
        void this.flush();
      });
      window.addEventListener('offline', () => this.set({ online: false }));
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void this.flush();
      });
      let stored: QueueEntry[] = [];
      try {
        stored = (await idbAll<QueueEntry>(STORES.outbox)).map(recover).sort(byAge);
      } catch {
        // no IndexedDB (a private window of an old browser): the queue lives in memory only
      }
      this.set({ loaded: true, entries: stored });
    })();
    return this.started;
  }

  /** Whose entries are sent: the signed-in user (null while logged out). */
  setUser(userId: string | null) {
    this.userId = userId;
    if (userId) void this.flush();
  }

  /** Queues a submission (the key was made when the user pressed submit) and tries to send it. */
  async enqueue(input: {
    clientKey: string;
    kind: SubmissionKind;
    label: string;
    body: Record<string, unknown>;
    photos: { blob: Blob; name: string }[];
  }): Promise<QueueEntry> {
    if (!this.userId) throw new Error('not signed in');
    await this.start();
    const entry = newEntry<Blob>(
      {
        id: input.clientKey,
        userId: this.userId,
        kind: input.kind,
        label: input.label,
        body: input.body,
        photos: input.photos.map((p) => ({ ...p, clientKey: crypto.randomUUID() })),
      },
      Date.now(),
    );
    await this.save(entry);
    void this.flush();
    return entry;
  }

  /** Resolves when the entry was sent or failed, or after `ms` with it still waiting. */
  settle(id: string, ms: number): Promise<QueueEntry | undefined> {
    const find = () => this.state.entries.find((e) => e.id === id);
    const settled = (e?: QueueEntry) => !e || e.state === 'sent' || e.state === 'failed';
    if (settled(find())) return Promise.resolve(find());
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve(find());
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = this.subscribe(() => settled(find()) && done());
    });
  }

  async retry(id: string) {
    const e = this.state.entries.find((x) => x.id === id);
    if (e) await this.save(retryNow(e, Date.now()));
    this.pauseUntil = 0;
    void this.flush();
  }

  /** Removes an entry the user gave up on (a failed one, or a waiting one they no longer want). */
  async discard(id: string) {
    this.set({ entries: this.state.entries.filter((e) => e.id !== id) });
    await idbDelete(STORES.outbox, id).catch(() => undefined);
  }

  /** Stores the entry's new state; a sent one leaves IndexedDB (the list keeps it for this visit). */
  private async save(entry: QueueEntry) {
    const others = this.state.entries.filter((e) => e.id !== entry.id);
    this.set({ entries: [...others, entry].sort(byAge) });
    try {
      if (entry.state === 'sent') await idbDelete(STORES.outbox, entry.id);
      else await idbPut(STORES.outbox, entry);
    } catch {
      // storage full or unavailable: the entry still goes from memory
    }
  }

  /** Sends what is due, oldest first; one round at a time (a request during a round runs after it). */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    await this.start();
    if (!this.userId || !navigator.onLine) return;
    this.flushing = true;
    try {
      do {
        this.again = false;
        if (Date.now() < this.pauseUntil) break;
        if (!dueEntries(this.state.entries, this.userId, Date.now()).length) break;
        // a fresh CSRF token: the page may have been reloaded offline, or the session renewed
        try {
          const me = await api<Me>('/api/me', { expect401: true });
          this.unreachable = 0;
          if (me.kind !== 'staff' || me.user?.id !== this.userId) return;
          setCsrfToken(me.csrfToken);
        } catch {
          // no connection yet: the 'online' event, or the timer with backoff, comes back
          this.pauseUntil = Date.now() + backoffMs(++this.unreachable);
          return;
        }
        await this.round(this.userId);
      } while (this.again);
    } finally {
      this.flushing = false;
      this.schedule();
    }
  }

  private async round(userId: string) {
    for (const due of dueEntries(this.state.entries, userId, Date.now())) {
      let e: QueueEntry = { ...due, state: 'sending' };
      await this.save(e);
      for (;;) {
        const step = nextStep(e);
        try {
          const value = await this.send(e, step);
          e = afterSuccess(e, step, value);
          await this.save(e);
          if (step.kind === 'submit') break;
        } catch (err) {
          const failure =
            err instanceof ApiError
              ? { status: err.status, code: err.code, message: err.message }
              : { status: 0, message: String(err) };
          e = afterFailure(e, failure, Date.now());
          await this.save(e);
          const verdict = classify(failure.status, failure.code);
          // no connection or no session: the other entries would fail the same way
          if (verdict === 'auth' || failure.status === 0) return;
          break;
        }
      }
    }
  }

  private send(e: QueueEntry, step: Step): Promise<unknown> {
    if (step.kind === 'upload') {
      const photo = e.photos[step.index]!;
      const form = new FormData();
      // the key before the file: the server reads fields that precede the file part
      form.append('clientKey', photo.clientKey);
      form.append('file', photo.blob, photo.name);
      return api<{ id: string }>('/api/grid/uploads', { form });
    }
    return api(URLS[e.kind], {
      body: { ...e.body, clientKey: e.id, ...(step.photoIds.length ? { photoIds: step.photoIds } : {}) },
    });
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // offline, the 'online' event wakes the queue; no timer polls meanwhile
    if (!this.userId || !navigator.onLine) return;
    const at = nextWakeAt(this.state.entries, this.userId);
    if (at === null) return;
    const wait = Math.max(500, at - Date.now(), this.pauseUntil - Date.now());
    this.timer = setTimeout(() => void this.flush(), wait);
  }
}

export const outbox = new Outbox();

export function useOutbox(): OutboxState {
  return useSyncExternalStore(outbox.subscribe, outbox.snapshot);
}
