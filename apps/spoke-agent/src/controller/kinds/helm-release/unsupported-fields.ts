import type { HelmReleaseSpec } from '@flotilla/protocol/flux';

/** Fields Flux defines that this agent does not act on yet: refused by name rather than ignored. */
export function unsupportedFields(spec: HelmReleaseSpec, canPostRender: boolean): string[] {
  return [
    spec.kubeConfig ? 'kubeConfig' : undefined,
    spec.postRenderers?.length && !canPostRender ? 'postRenderers' : undefined,
    spec.commonMetadata && !canPostRender ? 'commonMetadata' : undefined,
    spec.healthCheckExprs?.length ? 'healthCheckExprs' : undefined,
  ].filter((f): f is string => f !== undefined);
}
