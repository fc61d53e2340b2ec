import { describe, expect, it } from 'vitest';
import { MIN_GAP_MS, nextRefreshAt } from './screen-refresh';

describe('nextRefreshAt', () => {
  it('refreshes at once for an event long after the last refresh when the server shares nothing', () => {
    expect(nextRefreshAt(0, 60_000)).toBe(60_000);
  });

  it('keeps MIN_GAP_MS between refreshes so that a burst of events costs one', () => {
    expect(nextRefreshAt(10_000, 11_000)).toBe(10_000 + MIN_GAP_MS);
  });

  it('waits the shared figures’ maximum age after the event, so the answer is newer than the event', () => {
    expect(nextRefreshAt(0, 60_000, 2_000)).toBe(62_000);
    // figures the server computed at any moment up to the event are older than 2 s by then
    const event = 60_000;
    for (const computedAt of [event - 1_999, event - 500, event]) {
      expect(nextRefreshAt(0, event, 2_000) - computedAt).toBeGreaterThanOrEqual(2_000);
    }
  });
});
