import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { describe, expect, it } from 'vitest';
import { releaseNamespaces } from './release-storage.js';
import { unsupportedFields } from './unsupported-fields.js';

const base = { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'app' } } as unknown as HelmReleaseSpec;
const spec = (over: Record<string, unknown>): HelmReleaseSpec => ({ ...base, ...over }) as HelmReleaseSpec;

describe('where a HelmRelease’s release goes and where its records are kept', () => {
  it('targetNamespace defaults to the HelmRelease’s namespace; storageNamespace, when set, keeps the records apart (flux.md HelmRelease storageNamespace)', () => {
    expect(releaseNamespaces('apps', spec({}))).toEqual({ target: 'apps', storage: 'apps' });
    expect(releaseNamespaces('flux-system', spec({ targetNamespace: 'web' }))).toEqual({ target: 'web', storage: 'web' });
    expect(releaseNamespaces('apps', spec({ storageNamespace: 'helm-store' }))).toEqual({ target: 'apps', storage: 'helm-store' });
    expect(releaseNamespaces('flux-system', spec({ targetNamespace: 'web', storageNamespace: 'flux-system' }))).toEqual({ target: 'web', storage: 'flux-system' });
  });
});

describe('HelmRelease fields this agent refuses by name', () => {
  it('healthCheckExprs, kubeConfig, and post-rendering without the plugin are named; storageNamespace is not', () => {
    expect(unsupportedFields(spec({ healthCheckExprs: [{ apiVersion: 'x/v1', kind: 'X', current: 'true' }], kubeConfig: { secretRef: { name: 'k' } }, storageNamespace: 'other' }), true)).toEqual(['kubeConfig', 'healthCheckExprs']);
    expect(unsupportedFields(spec({ postRenderers: [{ kustomize: { images: [{ name: 'a', newTag: '2' }] } }], commonMetadata: { labels: { a: 'b' } } }), false)).toEqual(['postRenderers', 'commonMetadata']);
    expect(unsupportedFields(spec({ postRenderers: [{ kustomize: { images: [{ name: 'a', newTag: '2' }] } }] }), true)).toEqual([]);
  });
});
