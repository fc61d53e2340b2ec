import { describe, expect, it } from 'vitest';
import { formatSize, formatTime } from './format';

describe('formatting', () => {
  it('shows instants in China time', () => {
    expect(formatTime('2026-03-15T01:30:00.000Z')).toBe('2026-03-15 09:30');
    expect(formatTime('2026-03-15T16:05:00Z')).toBe('2026-03-16 00:05');
    expect(formatTime(null)).toBe('');
    expect(formatTime('not a date')).toBe('');
  });

  it('shows sizes in KB below a megabyte', () => {
    expect(formatSize(300)).toBe('1 KB');
    expect(formatSize(256 * 1024)).toBe('256 KB');
    expect(formatSize(1.5 * 1048576)).toBe('1.5 MB');
  });
});
