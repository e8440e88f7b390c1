// The agent's render pipeline as the web UI imports it (`@flotilla/spoke-agent/render`): what the browser's
// preview needs and nothing that reaches a node: module or the agent's Kubernetes client.
export { renderManifests, type RenderInputs, type Rendered, type ClusterInputs } from './render-manifests.js';
export { kustomizeBuilder } from './kustomize-builder.js';
export { fluxObjectsYaml, maskSopsData, SOPS_MASK } from './flux-build-output.js';
export type { KustomizationSpec, KustomizationRef } from '../kustomization-spec.js';
export { renderAssigned, type AssignedRender } from './render-assigned.js';
