import { HUB_GENERATION_ANNOTATION, HUB_OWNER_LABEL } from '@flotilla/protocol';
import { describe, expect, it } from 'vitest';
import { projectAssignment, variablesConfigMapName } from './projected-objects.js';

const digest = `sha256:${'c'.repeat(64)}`;
const source = { kind: 'GitRepository' as const, namespace: 'flux-system', name: 'fleet', revision: `main@sha1:${'a'.repeat(40)}`, digest, size: 42, url: `/artifacts/${digest}` };
const placement = (spec: Record<string, unknown>, variables: Record<string, string> = { cluster_name: 'edge-1' }) => ({
  namespace: 'apps',
  name: 'web',
  generation: 7,
  spec: { sourceRef: { kind: 'GitRepository' as const, name: 'fleet', namespace: 'flux-system' }, interval: '5m', prune: true, force: false, ...spec },
  variables,
});
const at = () => '2026-12-03T06:00:00Z';

describe('projectAssignment', () => {
  it('a source is an ExternalArtifact with the hub’s revision, digest and size and a file:// url of the cached artifact; a placement a Kustomization pointing at it, both labelled as the hub’s', () => {
    const { placements, owned } = projectAssignment({ generation: 1, sources: [source], kustomizations: [placement({ path: './web' })] }, '/cache/artifacts', at);
    const [p] = placements;
    expect(p!.needs.map((n) => `${n.kind}/${n.object.metadata?.name}`)).toEqual(['Namespace/apps', 'Namespace/flux-system', 'ExternalArtifact/fleet']);
    const ea = p!.needs[2]!;
    expect(ea.object).toEqual({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { name: 'fleet', namespace: 'flux-system', labels: { [HUB_OWNER_LABEL]: 'hub' } }, spec: {} });
    expect(ea.status?.artifact).toEqual({ path: `artifacts/${'c'.repeat(64)}.tar.gz`, url: `file:///cache/artifacts/${'c'.repeat(64)}.tar.gz`, revision: source.revision, digest, size: 42, lastUpdateTime: at() });
    expect(p!.kustomization.object).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'web', namespace: 'apps', labels: { [HUB_OWNER_LABEL]: 'hub' }, annotations: { [HUB_GENERATION_ANNOTATION]: '7' } },
      spec: { sourceRef: { kind: 'ExternalArtifact', name: 'fleet', namespace: 'flux-system' }, interval: '5m', prune: true, force: false, path: './web' },
    });
    expect([...owned.keys()]).toEqual(['ExternalArtifact/flux-system/fleet', 'Kustomization/apps/web']);
  });

  it('cluster variables are a ConfigMap listed first in substituteFrom, so later entries and substitute win (flux.md §2 post-build); without postBuild there is none, as Flux substitutes nothing then', () => {
    const postBuild = { substitute: { a: '1' }, substituteFrom: [{ kind: 'Secret', name: 'team' }] };
    const [p] = projectAssignment({ generation: 1, sources: [source], kustomizations: [placement({ postBuild })] }, '/c', at).placements;
    const name = variablesConfigMapName({ cluster_name: 'edge-1' });
    expect(p!.kustomization.object.spec?.postBuild).toEqual({ substitute: { a: '1' }, substituteFrom: [{ kind: 'ConfigMap', name }, { kind: 'Secret', name: 'team' }] });
    expect(p!.needs.at(-1)?.object).toMatchObject({ kind: 'ConfigMap', metadata: { name, namespace: 'apps', labels: { [HUB_OWNER_LABEL]: 'hub' } }, data: { cluster_name: 'edge-1' } });

    const [bare] = projectAssignment({ generation: 1, sources: [source], kustomizations: [placement({})] }, '/c', at).placements;
    expect(bare!.kustomization.object.spec?.postBuild).toBeUndefined();
    expect(bare!.needs.some((n) => n.kind === 'ConfigMap')).toBe(false);
  });

  it('the variables ConfigMap is named by its values, in any order', () => {
    expect(variablesConfigMapName({ a: '1', b: '2' })).toBe(variablesConfigMapName({ b: '2', a: '1' }));
    expect(variablesConfigMapName({ a: '1' })).not.toBe(variablesConfigMapName({ a: '2' }));
    expect(variablesConfigMapName({ a: '1' })).toMatch(/^flotilla-cluster-variables-[0-9a-f]{10}$/);
  });

  it('a placement whose source has no artifact yet gets no ExternalArtifact: its Kustomization waits for the source, as in Flux', () => {
    const [p] = projectAssignment({ generation: 1, sources: [], kustomizations: [placement({})] }, '/c', at).placements;
    expect(p!.needs.map((n) => n.kind)).toEqual(['Namespace']);
    expect(p!.kustomization.object.spec?.sourceRef).toEqual({ kind: 'ExternalArtifact', name: 'fleet', namespace: 'flux-system' });
  });
  it('a hub HelmRelease is a HelmRelease with the hub’s rendered spec (chartRef to its chart’s ExternalArtifact), labelled as the hub’s, needing its namespace and that ExternalArtifact', async () => {
    const { helmReleaseSpec } = await import('@flotilla/protocol/flux');
    const chartDigest = `sha256:${'d'.repeat(64)}`;
    const chart = { kind: 'HelmChart' as const, namespace: 'apps', name: 'apps-podinfo', revision: '1.1.0', digest: chartDigest, size: 9, url: `/artifacts/${chartDigest}` };
    const spec = helmReleaseSpec.parse({ interval: '5m', chartRef: { kind: 'ExternalArtifact', name: 'apps-podinfo', namespace: 'apps' }, values: { replicaCount: 2 } });
    const { releases, owned } = projectAssignment({ generation: 1, sources: [chart], kustomizations: [], helmReleases: [{ namespace: 'apps', name: 'podinfo', generation: 3, spec }] }, '/cache/artifacts', at);
    const [r] = releases;
    expect(r!.needs.map((n) => `${n.kind}/${n.object.metadata?.name}`)).toEqual(['Namespace/apps', 'ExternalArtifact/apps-podinfo']);
    expect(r!.needs[1]!.status?.artifact).toMatchObject({ revision: '1.1.0', digest: chartDigest, size: 9 });
    expect(r!.release.object).toEqual({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'apps', labels: { [HUB_OWNER_LABEL]: 'hub' }, annotations: { [HUB_GENERATION_ANNOTATION]: '3' } },
      spec,
    });
    expect([...owned.keys()]).toEqual(['ExternalArtifact/apps/apps-podinfo', 'HelmRelease/apps/podinfo']);
  });
});
