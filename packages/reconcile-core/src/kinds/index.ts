// Flux kind identities, for the browser bundle.
export { FLUX_KINDS, KUSTOMIZATION_SOURCE_KINDS, HELM_CHART_SOURCE_KINDS, fluxKind, type FluxKindIdentity, type FluxKindName } from './flux-kinds.js';
