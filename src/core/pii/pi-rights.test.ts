import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, cst } from '../calendar/test-factories.js';
import { workingDaysBetween } from '../calendar/work-calendar.js';
import {
  CASE_RETENTION_YEARS,
  caseRetainedUntil,
  decidePiRequest,
  isRetained,
  piRequestDue,
} from './pi-rights.js';

describe('case retention', () => {
  it('keeps an ended case CASE_RETENTION_YEARS after it ended', () => {
    const until = caseRetainedUntil({ state: 'archived', endedAt: new Date('2026-03-15T01:30:00Z') });
    expect(until?.toISOString()).toBe(`${2026 + CASE_RETENTION_YEARS}-03-15T01:30:00.000Z`);
  });

  it('keeps an open case without an end date', () => {
    expect(caseRetainedUntil({ state: 'in_progress', endedAt: null })).toBeNull();
    expect(isRetained(null, new Date('2099-01-01'))).toBe(true);
  });

  it('releases a record once its retention has passed, never before', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (ended) => {
          const until = caseRetainedUntil({ state: 'concluded', endedAt: ended })!;
          expect(isRetained(until, ended)).toBe(true);
          expect(isRetained(until, new Date(until.getTime() - 1))).toBe(true);
          expect(isRetained(until, until)).toBe(false);
        },
      ),
    );
  });
});

describe('the answer deadline', () => {
  it('falls at the end of the 15th working day, skipping holidays', () => {
    const cal = buildCalendar({ holidays: ['2026-04-06'], knownYears: [2026] });
    // filed Wednesday 1 April: the Qingming holiday on Monday 6 April does not count
    expect(piRequestDue(cal, cst('2026-04-01 10:00')).toISOString()).toBe('2026-04-23T16:00:00.000Z');
  });

  it('is always exactly 15 working days away (fast-check)', () => {
    const cal = buildCalendar({ knownYears: [2026] });
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-01'), noInvalidDate: true }),
        (filed) => {
          expect(workingDaysBetween(cal, { from: filed, to: piRequestDue(cal, filed) })).toBe(15);
        },
      ),
    );
  });
});

describe('answering a request', () => {
  it('applies a correction, restricts a retained deletion, deletes an unretained one', () => {
    const base = { status: 'pending' as const, decision: 'approve' as const, retained: true };
    expect(decidePiRequest({ ...base, kind: 'correction' })).toEqual({ ok: true, status: 'completed' });
    expect(decidePiRequest({ ...base, kind: 'deletion' })).toEqual({ ok: true, status: 'restricted' });
    expect(decidePiRequest({ ...base, kind: 'deletion', retained: false })).toEqual({
      ok: true,
      status: 'completed',
    });
  });

  it('answers only a pending request, and a rejection is always a rejection (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('pending', 'completed', 'restricted', 'rejected' as const),
        fc.constantFrom('correction', 'deletion' as const),
        fc.constantFrom('approve', 'reject' as const),
        fc.boolean(),
        (status, kind, decision, retained) => {
          const out = decidePiRequest({ status, kind, decision, retained });
          if (status !== 'pending') expect(out).toEqual({ ok: false, error: 'not_pending' });
          else if (decision === 'reject') expect(out).toEqual({ ok: true, status: 'rejected' });
          // a deletion never deletes a record still under retention
          else if (kind === 'deletion' && retained) expect(out).toEqual({ ok: true, status: 'restricted' });
          else expect(out).toEqual({ ok: true, status: 'completed' });
        },
      ),
    );
  });
});
