import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNo, dayOfNo } from '../stationing/roster.js';
import {
  addDays,
  canMark,
  PERFORMANCE_MARKS,
  REMIND_DAYS_BEFORE,
  reminderOwed,
  TERM_STATUSES,
  termDueDays,
  termLight,
  type TrackedTerm,
} from './performance.js';

const term = (over: Partial<TrackedTerm> = {}): TrackedTerm => ({
  dueDay: '2026-04-30',
  status: 'pending',
  remindedBefore: false,
  remindedDue: false,
  ...over,
});

describe('a term of an agreement (履行)', () => {
  it('turns due soon three days before its day, due on it and overdue after', () => {
    expect(termLight(term(), '2026-04-26')).toBe('pending');
    expect(termLight(term(), '2026-04-27')).toBe('due_soon');
    expect(termLight(term(), '2026-04-29')).toBe('due_soon');
    expect(termLight(term(), '2026-04-30')).toBe('due_today');
    expect(termLight(term(), '2026-05-01')).toBe('overdue');
    expect(termLight(term({ status: 'performed' }), '2026-05-09')).toBe('performed');
    expect(termLight(term({ status: 'breached' }), '2026-04-01')).toBe('breached');
  });

  it('owes the reminder before the due day in its window, then the one on the day, each once', () => {
    expect(reminderOwed(term(), '2026-04-26')).toBeNull();
    expect(reminderOwed(term(), '2026-04-27')).toBe('before');
    expect(reminderOwed(term({ remindedBefore: true }), '2026-04-28')).toBeNull();
    expect(reminderOwed(term({ remindedBefore: true }), '2026-04-30')).toBe('due');
    // a sweep that first sees the term after its day sends only the one on the day, late
    expect(reminderOwed(term(), '2026-05-03')).toBe('due');
    expect(reminderOwed(term({ remindedDue: true }), '2026-05-03')).toBeNull();
    expect(reminderOwed(term({ status: 'performed' }), '2026-04-30')).toBeNull();
  });

  it('is marked once, except that a breach may still be performed late', () => {
    expect(canMark('pending', 'performed')).toBe(true);
    expect(canMark('pending', 'breached')).toBe(true);
    expect(canMark('breached', 'performed')).toBe(true);
    expect(canMark('breached', 'breached')).toBe(false);
    expect(canMark('performed', 'breached')).toBe(false);
    expect(canMark('performed', 'performed')).toBe(false);
  });

  it('is due by the agreement’s deadline unless the team gives each term its day', () => {
    expect(termDueDays({ terms: 2, deadline: '2026-04-30', today: '2026-03-20' })).toEqual({
      ok: ['2026-04-30', '2026-04-30'],
    });
    expect(
      termDueDays({ terms: 2, deadline: '2026-04-30', today: '2026-03-20', given: ['2026-04-10', null] }),
    ).toEqual({ ok: ['2026-04-10', null] });
    const bad = (given: (string | null)[]) =>
      termDueDays({ terms: 2, deadline: '2026-04-30', today: '2026-03-20', given });
    expect(bad(['2026-04-10'])).toEqual({ problem: 'length' });
    expect(bad(['2026-02-30', null])).toEqual({ problem: 'bad_day' });
    expect(bad(['2026-03-19', null])).toEqual({ problem: 'out_of_range' });
    expect(bad(['2026-05-01', null])).toEqual({ problem: 'out_of_range' });
    expect(bad(['2026-03-20', '2026-04-30'])).toEqual({ ok: ['2026-03-20', '2026-04-30'] });
  });
});

const day = fc.integer({ min: dayNo('2024-01-01'), max: dayNo('2028-12-31') }).map(dayOfNo);

describe('reminder properties', () => {
  it('a sweep run every day sends exactly one reminder of each kind, in order, whatever the start', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -10, max: 10 }), (due, startOffset) => {
        let t = term({ dueDay: due });
        const sent: { kind: string; day: string }[] = [];
        for (let n = startOffset; n <= 12; n += 1) {
          const today = addDays(due, n - REMIND_DAYS_BEFORE - 1);
          const owed = reminderOwed(t, today);
          if (owed === 'before') t = { ...t, remindedBefore: true };
          if (owed === 'due') t = { ...t, remindedDue: true };
          if (owed) sent.push({ kind: owed, day: today });
        }
        const kinds = sent.map((s) => s.kind);
        expect(kinds.filter((k) => k === 'due')).toHaveLength(1);
        expect(kinds.filter((k) => k === 'before').length).toBeLessThanOrEqual(1);
        expect(kinds.at(-1)).toBe('due');
        for (const s of sent) {
          if (s.kind === 'due') expect(s.day >= due).toBe(true);
          else expect(s.day < due && s.day >= addDays(due, -REMIND_DAYS_BEFORE)).toBe(true);
        }
      }),
    );
  });

  it('a term no longer pending owes nothing and shows its status', () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.constantFrom(...TERM_STATUSES.filter((s) => s !== 'pending')),
        fc.boolean(),
        (due, today, status, reminded) => {
          const t = term({ dueDay: due, status, remindedBefore: reminded, remindedDue: reminded });
          expect(reminderOwed(t, today)).toBeNull();
          expect(termLight(t, today)).toBe(status);
        },
      ),
    );
  });

  it('every mark is allowed on a pending term and none leads back to pending', () => {
    for (const m of PERFORMANCE_MARKS) expect(canMark('pending', m)).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...TERM_STATUSES), fc.constantFrom(...PERFORMANCE_MARKS), (s, m) => {
        if (canMark(s, m)) expect(s === 'pending' || (s === 'breached' && m === 'performed')).toBe(true);
      }),
    );
  });
});
