import { describe, expect, it } from 'vitest';
import { semverSelector } from './semver-adapter.js';

// reconcile-core's range conformance test replays the real Masterminds/semver answers; these cases check
// the hub's use of it: which tag wins, and which tags are versions at all.
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

  it('tags are major.minor.patch with an optional v, as fluxcd/pkg/version reads them', () => {
    expect(semverSelector.highest('*', ['1.2', 'v1', 'latest', 'vv1.2.3', '1.2.3.4'])).toBeUndefined();
    expect(semverSelector.highest('1.2.3', ['01.02.03'])).toBe('01.02.03');
    expect(semverSelector.highest('1.0.0', ['1.0.0', 'v1.0.0'])).toBe('v1.0.0');
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
