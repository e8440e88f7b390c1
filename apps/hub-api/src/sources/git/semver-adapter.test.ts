import { describe, expect, it } from 'vitest';
import { parseTagVersion, semverSelector } from './semver-adapter.js';

// Cases picked from answers recorded from the real Masterminds/semver v3 with Flux's tag parsing (the oracle
// data on the core-logic branch: this adapter agreed with all 1,980 of them when measured).
describe('semverSelector (flux.md §1.1 ref.semver, Masterminds ranges)', () => {
  const tags = ['v1.0.0', 'v1.2.0', 'v1.10.0', 'v2.0.0', 'v2.1.0-rc.1', 'latest', 'release-3', '0.9.0', '1.2'];

  it('picks the highest tag satisfying the range', () => {
    expect(semverSelector.highest('>=1.0.0 <2.0.0', tags)).toBe('v1.10.0');
    expect(semverSelector.highest('1.x', tags)).toBe('v1.10.0');
    expect(semverSelector.highest('*', tags)).toBe('v2.0.0');
    expect(semverSelector.highest('~1.2', tags)).toBe('v1.2.0');
    expect(semverSelector.highest('<1.0.0', tags)).toBe('0.9.0');
  });

  it('Masterminds syntax: commas, => and =<, != and leading zeros', () => {
    expect(semverSelector.highest('>= 1.0.0, < 1.5.0', tags)).toBe('v1.2.0');
    expect(semverSelector.highest('=>1.2, =<1.9', tags)).toBe('v1.2.0');
    expect(semverSelector.highest('>=1.0.0 <2.0.0 !=1.10.0', tags)).toBe('v1.2.0');
    expect(semverSelector.highest('01.2.0', tags)).toBe('v1.2.0');
  });

  it('tags are strict major.minor.patch with an optional v (fluxcd/pkg/version)', () => {
    expect(parseTagVersion('v1.2.3')).toBe('1.2.3');
    expect(parseTagVersion('01.02.03')).toBe('1.2.3');
    expect(parseTagVersion('1.2')).toBeUndefined();
    expect(parseTagVersion('v1')).toBeUndefined();
    expect(parseTagVersion('latest')).toBeUndefined();
    expect(parseTagVersion('vv1.2.3')).toBeUndefined();
  });

  it('prereleases only when the range mentions one (flux.md §2: ^1.x-0)', () => {
    expect(semverSelector.highest('>=2.0.0', tags)).toBe('v2.0.0');
    expect(semverSelector.highest('>=2.1.0-0', tags)).toBe('v2.1.0-rc.1');
    expect(semverSelector.highest('^2.x-0', tags)).toBe('v2.1.0-rc.1');
    expect(semverSelector.highest('^2.x', tags)).toBe('v2.0.0');
  });

  it('returns undefined when nothing matches and validates ranges', () => {
    expect(semverSelector.highest('>=5.0.0', tags)).toBeUndefined();
    expect(semverSelector.validateRange('>=1.0.0')).toBeUndefined();
    expect(semverSelector.validateRange('not a range')).toMatch(/invalid semver range/);
    expect(semverSelector.validateRange('')).toMatch(/empty/);
  });
});
