// Flux kind identities, for the browser bundle.
export { FLUX_KINDS, KUSTOMIZATION_SOURCE_KINDS, fluxKind, type FluxKind, type FluxKindName } from './flux-kinds.js';
