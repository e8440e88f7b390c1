import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './relative-time';

const now = new Date('2026-11-21T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('formatRelativeTime', () => {
  it.each([
    [1_000, 'just now'],
    [12_000, '12 s ago'],
    [60_000, '1 min ago'],
    [59 * 60_000, '59 min ago'],
    [2 * 3_600_000, '2 h ago'],
    [3 * 86_400_000, '3 d ago'],
    [-3_600_000, 'in 1 h'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatRelativeTime(ago(ms), now)).toBe(text);
  });
});
