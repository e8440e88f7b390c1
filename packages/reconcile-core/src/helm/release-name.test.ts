import { describe, expect, it } from 'vitest';
import { helmChartNameOf, releaseNameOf, shortenReleaseName } from './release-name.js';

describe('release names (helm-controller naming rules)', () => {
  it('is the object name, or <targetNamespace>-<name> with a target namespace, or spec.releaseName', () => {
    expect(releaseNameOf({ namespace: 'apps', name: 'web' })).toBe('web');
    expect(releaseNameOf({ namespace: 'flux-system', name: 'web', targetNamespace: 'apps' })).toBe('apps-web');
    expect(releaseNameOf({ namespace: 'apps', name: 'web', targetNamespace: 'apps', releaseName: 'front' })).toBe('front');
  });

  it('shortens past 53 characters to 40 characters, a dash and 12 hex of the sha256 (release.ShortenName)', () => {
    const long = 'some-front-appended-namespace-release-with-a-very-long-name';
    const short = shortenReleaseName(long);
    expect(short).toHaveLength(53);
    expect(short).toMatch(/^some-front-appended-namespace-release-wi-[0-9a-f]{12}$/);
    expect(shortenReleaseName(long)).toBe(short);
    expect(shortenReleaseName('x'.repeat(53))).toBe('x'.repeat(53));
  });

  it('names the owned HelmChart <namespace>-<name>', () => {
    expect(helmChartNameOf({ namespace: 'flux-system', name: 'podinfo' })).toBe('flux-system-podinfo');
  });
});
