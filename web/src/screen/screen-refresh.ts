// How the wall screen stays current: a `case` or `warning` event on the live stream (GET
// /api/events/stream: what the signed-in user may read) asks for a refresh, at most one per MIN_GAP_MS so a burst
// of events costs one; a periodic refresh runs anyway (slower while the stream is open), so a lost
// stream or a proxy that buffers it only delays the figures. The server shares a region's figures
// for up to `maxAgeMs` (its answer says how long), so a refresh for an event waits that long after
// it: figures computed before the event have expired by then and the change is in the new ones.
import { useEffect, useRef, useState } from 'react';

export const MIN_GAP_MS = 5_000;
export const POLL_LIVE_MS = 60_000;
export const POLL_OFFLINE_MS = 15_000;

/**
 * When the refresh for an event at `now` may run, given the last refresh and how long the server
 * may share figures (pure).
 */
export function nextRefreshAt(lastRefresh: number, now: number, maxAgeMs = 0, minGap = MIN_GAP_MS): number {
  return Math.max(now + maxAgeMs, lastRefresh + minGap);
}

export type ScreenLink = 'connecting' | 'live' | 'polling';

/**
 * Calls `refresh` on live events (throttled, and late enough to get figures newer than the event)
 * and periodically; returns the link's state.
 */
export function useScreenRefresh(refresh: () => void, maxAgeMs = 0): ScreenLink {
  const [link, setLink] = useState<ScreenLink>(() =>
    typeof EventSource === 'undefined' ? 'polling' : 'connecting',
  );
  const fn = useRef(refresh);
  const lag = useRef(maxAgeMs);
  useEffect(() => {
    fn.current = refresh;
    lag.current = maxAgeMs;
  }, [refresh, maxAgeMs]);

  useEffect(() => {
    let last = Date.now();
    let pending: ReturnType<typeof setTimeout> | undefined;
    let live = false;
    const run = () => {
      pending = undefined;
      last = Date.now();
      fn.current();
    };
    const ask = () => {
      if (pending) return;
      pending = setTimeout(run, nextRefreshAt(last, Date.now(), lag.current) - Date.now());
    };
    let source: EventSource | null = null;
    if (typeof EventSource !== 'undefined') {
      source = new EventSource('/api/events/stream');
      source.addEventListener('ready', () => {
        live = true;
        setLink('live');
        ask(); // events may have been missed while the stream was down
      });
      source.addEventListener('case', ask);
      source.addEventListener('warning', ask);
      source.addEventListener('resync', ask);
      source.onerror = () => {
        live = false;
        setLink('polling');
      };
    }
    let poll: ReturnType<typeof setTimeout>;
    const schedule = () => {
      poll = setTimeout(
        () => {
          if (Date.now() - last >= MIN_GAP_MS) run();
          schedule();
        },
        live ? POLL_LIVE_MS : POLL_OFFLINE_MS,
      );
    };
    schedule();
    return () => {
      source?.close();
      clearTimeout(poll);
      if (pending) clearTimeout(pending);
    };
  }, []);
  return link;
}
