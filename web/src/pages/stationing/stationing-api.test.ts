import { describe, expect, it } from 'vitest';
import { addDays, mayAtCenter, mondayOf, slotsOf, windowScreen, type Ticket } from './stationing-api';

const center = { id: 'c1', regionCode: '371403105' };

describe('the stationing pages’ rules', () => {
  it('lets the center’s own dispatcher configure and its window call; others in scope only read', () => {
    const own = { role: 'dispatcher' as const, unitId: 'c1', scopeCode: '371403105' };
    const county = { role: 'dispatcher' as const, unitId: 'c2', scopeCode: '371403' };
    expect(mayAtCenter(own, center, 'configure')).toBe(true);
    expect(mayAtCenter(own, center, 'queue')).toBe(true);
    expect(mayAtCenter(county, center, 'configure')).toBe(false);
    expect(mayAtCenter(county, center, 'read_board')).toBe(true);
    expect(mayAtCenter({ role: 'clerk', unitId: 'c1', scopeCode: '371403105' }, center, 'call')).toBe(true);
    expect(mayAtCenter({ role: 'leader', unitId: 'c1', scopeCode: '371403105' }, center, 'queue')).toBe(
      false,
    );
    expect(mayAtCenter({ role: 'sys_admin', unitId: null, scopeCode: '3714' }, center, 'configure')).toBe(
      true,
    );
    expect(mayAtCenter({ role: 'clerk', unitId: 'x', scopeCode: '371425' }, center, 'read_board')).toBe(
      false,
    );
  });

  it('puts the latest called number on top of the screen, then the waiting ones in order', () => {
    const t = (number: number, status: Ticket['status'], calledAt: string | null = null): Ticket => ({
      id: String(number),
      number,
      unitId: null,
      unitName: null,
      status,
      takenAt: '2026-03-16T01:00:00Z',
      calledAt,
    });
    const screen = windowScreen([
      t(1, 'served', '2026-03-16T01:01:00Z'),
      t(2, 'called', '2026-03-16T01:05:00Z'),
      t(5, 'waiting'),
      t(3, 'called', '2026-03-16T01:09:00Z'),
      t(4, 'waiting'),
      t(6, 'skipped', '2026-03-16T01:02:00Z'),
    ]);
    expect(screen.now.map((x) => x.number)).toEqual([3, 2]);
    expect(screen.waiting.map((x) => x.number)).toEqual([4, 5]);
  });

  it('starts the roster calendar on Monday and counts days across months', () => {
    expect(mondayOf('2026-03-15')).toBe('2026-03-09'); // a Sunday
    expect(mondayOf('2026-03-16')).toBe('2026-03-16');
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
  });

  it('sends seven slots for a weekly roster and drops duplicates in a slot', () => {
    expect(slotsOf('weekly', [['a', 'a'], ['b']])).toEqual([['a'], ['b'], [], [], [], [], []]);
    expect(slotsOf('cycle', [['a'], undefined, ['b']])).toEqual([['a'], [], ['b']]);
  });
});
