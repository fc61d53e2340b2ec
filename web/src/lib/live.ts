// Live updates (issue 5): while signed in, one EventSource on GET /api/events/stream. Each `case`
// event (a change to a case the user may read, on any server process) marks the case lists and
// that case stale, so what is on screen refetches without a reload. Events arriving together (a
// sweep, a batch) are handled as one. A lost stream comes back with backoff; after a gap
// (reconnect, `resync`) everything is refetched since events may have been missed.
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';

export const STREAM_URL = '/api/events/stream';

/** What a stream sends for a changed case (live.hub.ts LiveCaseEvent). */
export interface LiveCaseEvent {
  caseId: string;
  caseNo: string;
  action: string;
  state: string;
  version: number;
  regionCode: string;
  light: 'green' | 'yellow' | 'red' | null;
}

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

/**
 * Query keys (prefixes) the console's lists live under: the work area's, the oversight area's,
 * and the dashboards' figures (they move with every case event).
 */
export const LIST_KEYS = [['cases'], ['oversight'], ['analytics']] as const;
const CASE_PREFIX = 'case';

/** Wait before reconnect attempt n (0-based): 1 s doubling to 30 s, with ±20 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt), 30_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Whether an event makes the cached case detail stale. A case the user just changed is already in
 * the cache at the new version (its action answer): refetching it would only cost a request. A
 * light that moved without a ledger event keeps the version, so the light is compared too.
 */
export function caseDetailStale(
  cached: { version?: unknown; light?: unknown } | undefined,
  event: Pick<LiveCaseEvent, 'version' | 'light'>,
): boolean {
  if (!cached || typeof cached.version !== 'number') return true;
  return cached.version < event.version || cached.light !== event.light;
}

/**
 * Which cached queries of one case to mark stale: everything under ['case', id] (the oversight
 * cards' lists included), except the detail itself when it is already current.
 */
export function caseQueryPredicate(caseId: string, event: Pick<LiveCaseEvent, 'version' | 'light'>) {
  return (q: Pick<Query, 'queryKey' | 'state'>): boolean => {
    const [prefix, id] = q.queryKey;
    if (prefix !== CASE_PREFIX || id !== caseId) return false;
    if (q.queryKey.length > 2) return true;
    return caseDetailStale(q.state.data as { version?: unknown; light?: unknown } | undefined, event);
  };
}

/** Marks stale what a batch of events touched (or everything the console lists, after a gap). */
export function invalidateFor(client: QueryClient, events: readonly LiveCaseEvent[] | 'all'): void {
  for (const key of LIST_KEYS) void client.invalidateQueries({ queryKey: [...key] });
  if (events === 'all') {
    void client.invalidateQueries({ queryKey: [CASE_PREFIX] });
    return;
  }
  // the newest event of each case decides
  const latest = new Map<string, LiveCaseEvent>();
  for (const e of events) {
    const seen = latest.get(e.caseId);
    if (!seen || seen.version <= e.version) latest.set(e.caseId, e);
  }
  for (const [id, e] of latest) void client.invalidateQueries({ predicate: caseQueryPredicate(id, e) });
}

/** How long events are gathered before the caches are told: one refetch per burst. */
const BATCH_MS = 250;

/**
 * Opens the stream for the signed-in user and keeps it open; returns its status for an indicator.
 * Mount once, inside the signed-in layout (it closes when the layout unmounts on log-out).
 */
export function useLiveUpdates(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let stopped = false;
    let attempt = 0;
    let everOpen = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let batchTimer: ReturnType<typeof setTimeout> | undefined;
    let batch: LiveCaseEvent[] = [];

    const flush = () => {
      batchTimer = undefined;
      const events = batch;
      batch = [];
      if (events.length > 0) invalidateFor(client, events);
    };

    /**
     * Whether the session still holds. An EventSource cannot tell a 401 from a dropped line; asking
     * /api/me through the api client lets a 401 end the session the usual way (back to log-in with
     * its message), which unmounts this hook.
     */
    const sessionHolds = async (): Promise<boolean> => {
      try {
        const me = await api<Me>('/api/me');
        setCsrfToken(me.csrfToken);
        return me.kind === 'staff';
      } catch (err) {
        // a 401 has ended the session already; anything else (server down) is worth a retry
        return !stopped && !(err instanceof ApiError && err.status === 401);
      }
    };

    const retry = () => {
      source?.close();
      source = null;
      if (stopped || retryTimer) return;
      setStatus('reconnecting');
      const wait = backoffMs(attempt++);
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void sessionHolds().then((ok) => {
          if (ok && !stopped) connect();
        });
      }, wait);
    };

    const connect = () => {
      const es = new EventSource(STREAM_URL, { withCredentials: true });
      source = es;
      es.addEventListener('ready', () => {
        attempt = 0;
        setStatus('open');
        // events may have been missed while the stream was down
        if (everOpen) invalidateFor(client, 'all');
        everOpen = true;
      });
      es.addEventListener('case', (msg) => {
        let event: LiveCaseEvent;
        try {
          event = JSON.parse((msg as MessageEvent<string>).data) as LiveCaseEvent;
        } catch {
          return;
        }
        if (typeof event?.caseId !== 'string') return;
        batch.push(event);
        batchTimer ??= setTimeout(flush, BATCH_MS);
      });
      // a warning raised or acted on (预警): the warnings' lists and counts reload
      es.addEventListener('warning', () => void client.invalidateQueries({ queryKey: ['warnings'] }));
      // the server lost its database listener for a moment: what is shown may be behind
      es.addEventListener('resync', () => invalidateFor(client, 'all'));
      // the session ran out (idle or absolute) or the server is going down: find out which
      es.addEventListener('session_expired', retry);
      es.addEventListener('server_closing', retry);
      // the browser would retry by itself, at a fixed pace and even after a 401: ours backs off
      es.onerror = retry;
    };

    connect();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(retryTimer);
      clearTimeout(batchTimer);
    };
  }, [client]);

  return status;
}
