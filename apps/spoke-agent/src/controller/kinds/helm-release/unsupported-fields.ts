import type { HelmReleaseSpec } from '@flotilla/protocol/flux';

/**
 * Fields Flux defines that this agent does not act on yet: refused by name rather than ignored.
 *
 * `storageNamespace`: the helm CLI keeps a release's records in the namespace it installs to, with no flag to
 * keep them elsewhere, so a `storageNamespace` other than the target namespace (the HelmRelease's own when
 * `targetNamespace` is unset) is refused. Unset, Flux keeps the records in the HelmRelease's namespace; this
 * agent keeps them in the target namespace and says so in `status.storageNamespace`.
 */
export function unsupportedFields(spec: HelmReleaseSpec, canPostRender: boolean, releaseNamespace: string): string[] {
  const target = spec.targetNamespace ?? releaseNamespace;
  return [
    spec.kubeConfig ? 'kubeConfig' : undefined,
    spec.postRenderers?.length && !canPostRender ? 'postRenderers' : undefined,
    spec.commonMetadata && !canPostRender ? 'commonMetadata' : undefined,
    spec.healthCheckExprs?.length ? 'healthCheckExprs' : undefined,
    spec.storageNamespace && spec.storageNamespace !== target ? 'storageNamespace (other than the target namespace)' : undefined,
  ].filter((f): f is string => f !== undefined);
}
