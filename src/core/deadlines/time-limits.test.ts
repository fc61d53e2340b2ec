import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from '../calendar/chinese-days-source.js';
import { cst } from '../calendar/test-factories.js';
import {
  DEFAULT_TIME_LIMITS,
  clockAfter,
  deadlineOf,
  lightOf,
  pickLimit,
  type TimeLimitRule,
} from './time-limits.js';

const cal = calendarFromChineseDays();
const q = {
  stage: 'handle' as const,
  categoryCode: 'labor',
  level: 'township' as const,
  mediationKind: null,
};

describe('time-limit rules', () => {
  it('give the defaults: accept 1, handle 15, people’s mediation 30, follow up 3', () => {
    expect(pickLimit(DEFAULT_TIME_LIMITS, { ...q, stage: 'accept' })).toBe(1);
    expect(pickLimit(DEFAULT_TIME_LIMITS, q)).toBe(15);
    expect(pickLimit(DEFAULT_TIME_LIMITS, { ...q, mediationKind: 'people' })).toBe(30);
    expect(pickLimit(DEFAULT_TIME_LIMITS, { ...q, stage: 'follow_up' })).toBe(3);
  });

  it('let the most specific rule win: category over level over mediation kind', () => {
    const rules: TimeLimitRule[] = [
      ...DEFAULT_TIME_LIMITS,
      { stage: 'handle', categoryCode: null, level: 'county', mediationKind: null, workingDays: 20 },
      { stage: 'handle', categoryCode: 'labor', level: null, mediationKind: null, workingDays: 10 },
    ];
    expect(pickLimit(rules, { ...q, level: 'county' })).toBe(10);
    expect(pickLimit(rules, { ...q, categoryCode: 'neighbor', level: 'county' })).toBe(20);
    expect(
      pickLimit(rules, { ...q, categoryCode: 'neighbor', level: 'county', mediationKind: 'people' }),
    ).toBe(20);
    expect(pickLimit([], q)).toBeNull();
  });
});

describe('the clock', () => {
  it('starts at dispatch and is not restarted by bouncing the case', () => {
    expect(clockAfter('assign', 'registered', 'assigned')).toEqual({ stage: 'accept', from: 'dispatch' });
    expect(clockAfter('accept', 'assigned', 'in_progress')).toEqual({ stage: 'handle', from: 'dispatch' });
    expect(clockAfter('rule_rejection', 'assigned', 'assigned')).toBe('unchanged');
    expect(clockAfter('transfer', 'in_progress', 'assigned')).toEqual({ stage: 'handle', from: 'dispatch' });
    expect(clockAfter('handle', 'in_progress', 'in_progress')).toBe('unchanged');
  });
  it('gives a reopened case a new handling period and counts the follow-up from the conclusion', () => {
    expect(clockAfter('reopen', 'followed_up', 'in_progress')).toEqual({ stage: 'handle', from: 'now' });
    expect(clockAfter('conclude', 'in_progress', 'concluded')).toEqual({ stage: 'follow_up', from: 'now' });
    expect(clockAfter('archive', 'followed_up', 'archived')).toEqual({ stage: null, from: null });
  });

  it('skips National Day 2025 and counts its make-up Saturday', () => {
    // dispatched Tuesday 30 September 2025: 1 October – 8 October is the holiday, 11 October a working Saturday
    const due = deadlineOf(cal, cst('2025-09-30 10:00'), 1);
    expect(due.toISOString()).toBe(new Date('2025-10-09T16:00:00Z').toISOString());
    const two = deadlineOf(cal, cst('2025-09-30 10:00'), 2);
    expect(two.toISOString()).toBe(new Date('2025-10-10T16:00:00Z').toISOString());
    const three = deadlineOf(cal, cst('2025-09-30 10:00'), 3);
    expect(three.toISOString()).toBe(new Date('2025-10-11T16:00:00Z').toISOString());
  });
});

describe('lights', () => {
  const start = new Date('2026-03-02T00:00:00Z');
  const deadline = new Date('2026-03-05T00:00:00Z');
  it('are green, yellow from two thirds of the time, red once overdue', () => {
    expect(lightOf({ now: new Date('2026-03-03T00:00:00Z'), start, deadline })).toBe('green');
    expect(lightOf({ now: new Date('2026-03-04T00:00:00Z'), start, deadline })).toBe('yellow');
    expect(lightOf({ now: deadline, start, deadline })).toBe('yellow');
    expect(lightOf({ now: new Date('2026-03-05T00:00:01Z'), start, deadline })).toBe('red');
  });
  it('never go back from red to green as time passes', () => {
    const order = { green: 0, yellow: 1, red: 2 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (a, b) => {
          const t1 = new Date(start.getTime() + a);
          const t2 = new Date(t1.getTime() + b);
          expect(order[lightOf({ now: t2, start, deadline })]).toBeGreaterThanOrEqual(
            order[lightOf({ now: t1, start, deadline })],
          );
        },
      ),
    );
  });
});
