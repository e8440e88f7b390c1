import { describe, expect, it } from 'vitest';
import { parseTagVersion, semverSelector } from './semver-adapter.js';

describe('semverSelector (flux.md §1.1 ref.semver, Masterminds ranges)', () => {
  const tags = ['v1.0.0', 'v1.2.0', 'v1.10.0', 'v2.0.0', 'v2.1.0-rc.1', 'latest', 'release-3', '0.9'];

  it('picks the highest tag satisfying the range', () => {
    expect(semverSelector.highest('>=1.0.0 <2.0.0', tags)).toBe('v1.10.0');
    expect(semverSelector.highest('1.x', tags)).toBe('v1.10.0');
    expect(semverSelector.highest('*', tags)).toBe('v2.0.0');
    expect(semverSelector.highest('~1.2', tags)).toBe('v1.2.0');
  });

  it('accepts comma-separated constraints like Masterminds', () => {
    expect(semverSelector.highest('>= 1.0.0, < 1.5.0', tags)).toBe('v1.2.0');
  });

  it('reads lenient tags: v prefix and partial versions', () => {
    expect(parseTagVersion('v1')).toBe('1.0.0');
    expect(parseTagVersion('0.9')).toBe('0.9.0');
    expect(parseTagVersion('latest')).toBeUndefined();
    expect(semverSelector.highest('<1.0.0', tags)).toBe('0.9');
  });

  it('skips prereleases unless the range asks for them', () => {
    expect(semverSelector.highest('>=2.1.0-0', tags)).toBe('v2.1.0-rc.1');
    expect(semverSelector.highest('>=2.0.0', tags)).toBe('v2.0.0');
  });

  it('returns undefined when nothing matches and validates ranges', () => {
    expect(semverSelector.highest('>=5', tags)).toBeUndefined();
    expect(semverSelector.validateRange('>=1.0.0')).toBeUndefined();
    expect(semverSelector.validateRange('not a range')).toMatch(/invalid semver range/);
    expect(semverSelector.validateRange('')).toMatch(/empty/);
  });
});
