// Pulling Flux OCIRepository sources: what the hub and the agent both import.
export { ociRepositorySpecOf, splitOciUrl, type OciRef, type OciRepositoryTarget, type OciSpecReason, type OciSpecResult } from './oci-repository-spec.js';
export { extractLayer, selectLayer, storeExtracted, type LayerResult } from './oci-layer.js';
export { verifyOciSignature, type VerifySpec } from './oci-verify.js';
export { OciPullFailure, pullOciArtifact, type OciPullInput, type OciPullResult, type OciReason } from './pull-oci-artifact.js';
export { contentConfigChanged, type LayerSelector } from './content-config.js';
export { chooseOciChartVersion, downloadOciChart, HELM_CHART_LAYER, ociChartDigest, type OciChartFailure } from './oci-chart.js';
