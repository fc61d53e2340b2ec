import { describe, expect, it } from 'vitest';
import { attendeesOf, lastMonday, mondayOf } from './meetings-api';

describe('meeting form helpers', () => {
  it('takes one attendee per line, blank lines left out', () => {
    expect(attendeesOf(' 张主任\n\n司法所 李所长 \n')).toEqual([
      { name: '张主任' },
      { name: '司法所 李所长' },
    ]);
  });

  it('proposes the Monday of the week before', () => {
    expect(lastMonday('2026-03-16')).toBe('2026-03-09'); // a Monday: the week just ended
    expect(lastMonday('2026-03-15')).toBe('2026-03-02'); // a Sunday
    expect(lastMonday('2026-03-18')).toBe('2026-03-09');
    expect(mondayOf('2026-03-15')).toBe('2026-03-09');
    expect(mondayOf('2026-03-16')).toBe('2026-03-16');
  });
});
