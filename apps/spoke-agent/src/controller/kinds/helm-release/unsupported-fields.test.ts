import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { describe, expect, it } from 'vitest';
import { unsupportedFields } from './unsupported-fields.js';

const base = { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'app' } } as unknown as HelmReleaseSpec;
const spec = (over: Record<string, unknown>): HelmReleaseSpec => ({ ...base, ...over }) as HelmReleaseSpec;

describe('HelmRelease fields this agent refuses by name', () => {
  it('storageNamespace is refused only when it names another namespace than the target (targetNamespace, or the HelmRelease’s own)', () => {
    expect(unsupportedFields(spec({ storageNamespace: 'apps' }), true, 'apps')).toEqual([]);
    expect(unsupportedFields(spec({ storageNamespace: 'web', targetNamespace: 'web' }), true, 'flux-system')).toEqual([]);
    expect(unsupportedFields(spec({ storageNamespace: 'helm-store' }), true, 'apps')).toEqual(['storageNamespace (other than the target namespace)']);
    expect(unsupportedFields(spec({ storageNamespace: 'flux-system', targetNamespace: 'web' }), true, 'flux-system')).toEqual(['storageNamespace (other than the target namespace)']);
    // Unset: the records go with the release to the target namespace (Flux: the HelmRelease's namespace), not refused.
    expect(unsupportedFields(spec({ targetNamespace: 'web' }), true, 'flux-system')).toEqual([]);
  });

  it('healthCheckExprs, kubeConfig, and post-rendering without the plugin are named', () => {
    expect(unsupportedFields(spec({ healthCheckExprs: [{ apiVersion: 'x/v1', kind: 'X', current: 'true' }], kubeConfig: { secretRef: { name: 'k' } } }), true, 'a')).toEqual(['kubeConfig', 'healthCheckExprs']);
    expect(unsupportedFields(spec({ postRenderers: [{ kustomize: { images: [{ name: 'a', newTag: '2' }] } }], commonMetadata: { labels: { a: 'b' } } }), false, 'a')).toEqual(['postRenderers', 'commonMetadata']);
    expect(unsupportedFields(spec({ postRenderers: [{ kustomize: { images: [{ name: 'a', newTag: '2' }] } }] }), true, 'a')).toEqual([]);
  });
});
