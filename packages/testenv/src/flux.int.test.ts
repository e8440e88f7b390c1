import { describe, expect, it } from 'vitest';
import { fluxApiModuleCrds, runFlux, upstreamFluxCrds } from './flux.js';
import { toolVersions } from './binaries.js';

describe('flux CLI and Flux CRDs from the Go module proxy', () => {
  it('runs the pinned flux release', async () => {
    const out = await runFlux(['version', '--client'], { kubeconfig: '/nonexistent' });
    expect(out.exitCode).toBe(0);
    expect(out.stdout.trim()).toBe(`flux: ${toolVersions().flux}`);
  });

  it("takes the controllers' CRDs at the versions flux's go.mod requires", async () => {
    const upstream = await upstreamFluxCrds();
    expect(Object.keys(upstream.controllerVersions)).toEqual([
      'source-controller',
      'kustomize-controller',
      'helm-controller',
    ]);
    const names = upstream.crds.map((c) => (c.metadata as { name: string }).name).sort();
    expect(names).toEqual([
      'buckets.source.toolkit.fluxcd.io',
      'externalartifacts.source.toolkit.fluxcd.io',
      'gitrepositories.source.toolkit.fluxcd.io',
      'helmcharts.source.toolkit.fluxcd.io',
      'helmreleases.helm.toolkit.fluxcd.io',
      'helmrepositories.source.toolkit.fluxcd.io',
      'kustomizations.kustomize.toolkit.fluxcd.io',
      'ocirepositories.source.toolkit.fluxcd.io',
    ]);
  }, 120_000);

  it("generates notification-controller's CRDs from its api module at the version flux's go.mod requires", async () => {
    const { version, crds } = await fluxApiModuleCrds('notification-controller');
    expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
    const served = crds.map((c) => {
      const crd = c as { metadata: { name: string }; spec: { versions: { name: string; storage: boolean }[] } };
      return [crd.metadata.name, crd.spec.versions.find((v) => v.storage)?.name];
    });
    expect(served.sort()).toEqual([
      ['alerts.notification.toolkit.fluxcd.io', 'v1beta3'],
      ['providers.notification.toolkit.fluxcd.io', 'v1beta3'],
      ['receivers.notification.toolkit.fluxcd.io', 'v1'],
    ]);
  }, 300_000);

  it("generates the image controllers' CRDs from their api modules too", async () => {
    const [reflector, automation] = await Promise.all([fluxApiModuleCrds('image-reflector-controller'), fluxApiModuleCrds('image-automation-controller')]);
    const names = [...reflector.crds, ...automation.crds].map((c) => (c.metadata as { name: string }).name).sort();
    expect(names).toEqual(['imagepolicies.image.toolkit.fluxcd.io', 'imagerepositories.image.toolkit.fluxcd.io', 'imageupdateautomations.image.toolkit.fluxcd.io']);
  }, 300_000);
});
