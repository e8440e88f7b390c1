import { describe, expect, it } from 'vitest';
import { parseRetention } from './retention-duration.js';

describe('parseRetention (FLOTILLA_EVENT_RETENTION, FLOTILLA_AUDIT_RETENTION)', () => {
  it('reads Go duration units plus d', () => {
    expect(parseRetention('7d')).toBe(7 * 86_400_000);
    expect(parseRetention('1d12h')).toBe(36 * 3_600_000);
    expect(parseRetention('90m')).toBe(5_400_000);
    expect(parseRetention(' 1.5h ')).toBe(5_400_000);
    expect(parseRetention('400d')).toBe(400 * 86_400_000);
    expect(parseRetention('1h30m10s')).toBe(5_410_000);
  });

  it.each(['', '7', 'seven days', '7w', '-1d', '+1d', '0s', '1.5d', 'd', '100ns'])('refuses %j', (text) => {
    expect(parseRetention(text)).toBeUndefined();
  });
});
