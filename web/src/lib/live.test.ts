import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { backoffMs, caseDetailStale, invalidateFor, type LiveCaseEvent } from './live';

const event = (caseId: string, version: number, light: LiveCaseEvent['light'] = 'green'): LiveCaseEvent => ({
  caseId,
  caseNo: 'X',
  action: 'assign',
  state: 'assigned',
  version,
  regionCode: '371403105',
  light,
});

describe('live updates', () => {
  it('back off from 1 s doubling to 30 s, with jitter of ±20 %', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffMs(0, () => 0)).toBe(800);
    expect(backoffMs(0, () => 1)).toBe(1200);
    expect(backoffMs(9, () => 1)).toBe(36000);
  });

  it('refetch a case only when the cache is behind the event (version or light)', () => {
    expect(caseDetailStale(undefined, event('a', 3))).toBe(true);
    expect(caseDetailStale({ version: 2, light: 'green' }, event('a', 3))).toBe(true);
    expect(caseDetailStale({ version: 3, light: 'green' }, event('a', 3))).toBe(false);
    // the user's own action already put version 4 in the cache
    expect(caseDetailStale({ version: 4, light: 'green' }, event('a', 3))).toBe(false);
    // a sweep moved the light: same version, new light
    expect(caseDetailStale({ version: 3, light: 'green' }, event('a', 3, 'yellow'))).toBe(true);
  });

  function seeded() {
    const client = new QueryClient();
    client.setQueryData(['cases', 'list', { state: ['registered'] }, 30], { pages: [] });
    client.setQueryData(['cases', 'count', {}], { items: [] });
    client.setQueryData(['oversight', 'supervision', 'issued', ''], { pages: [] });
    client.setQueryData(['case', 'a'], { version: 3, light: 'green' });
    client.setQueryData(['case', 'a', 'supervision-orders', 3], { items: [] });
    client.setQueryData(['case', 'b'], { version: 1, light: 'green' });
    client.setQueryData(['categories'], []);
    const stale = () =>
      client
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.isInvalidated)
        .map((q) => JSON.stringify(q.queryKey))
        .sort();
    return { client, stale };
  }

  it('mark the lists and the changed case stale, not other cases nor reference data', () => {
    const { client, stale } = seeded();
    invalidateFor(client, [event('a', 4)]);
    expect(stale()).toEqual(
      [
        ['case', 'a'],
        ['case', 'a', 'supervision-orders', 3],
        ['cases', 'count', {}],
        ['cases', 'list', { state: ['registered'] }, 30],
        ['oversight', 'supervision', 'issued', ''],
      ]
        .map((k) => JSON.stringify(k))
        .sort(),
    );
  });

  it('spare the detail the user just loaded, but still refresh its oversight lists', () => {
    const { client, stale } = seeded();
    invalidateFor(client, [event('a', 2), event('a', 3)]);
    expect(stale()).toContain(JSON.stringify(['case', 'a', 'supervision-orders', 3]));
    expect(stale()).not.toContain(JSON.stringify(['case', 'a']));
  });

  it('after a gap, mark every case and list stale', () => {
    const { client, stale } = seeded();
    invalidateFor(client, 'all');
    expect(stale()).toHaveLength(6);
    expect(stale()).not.toContain(JSON.stringify(['categories']));
  });
});
