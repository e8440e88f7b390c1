export type { CoreError, CoreErrorCode, CoreWarning, Result, YamlErrorCode, BuildErrorCode, GeneralErrorCode } from './errors.js';
export { coreError, ok, fail, formatCoreError } from './errors.js';
export { buildKustomization, type BuildOptions, type BuildOutput } from './build/build.js';
export { fileTreeFromRecord, joinPath, type FileTree } from './build/file-tree.js';
export { buildFluxKustomization, hasBuildPath, type FluxBuildSpec } from './build/flux-overlay.js';
export { parseYamlDocuments, type JsonValue, type JsonObject } from './yaml/parse.js';
export { emitYaml } from './yaml/emit.js';
export { defaultYamlLimits, type YamlLimits } from './yaml/limits.js';

// Errors of the logic stages (substitution, SOPS, health, order, inventory, plans, revisions, images).
export type { LogicErrorCode, CelErrorCode, SubstituteErrorCode, SopsErrorCode, PlanErrorCode, ImageErrorCode, PrimitiveErrorCode } from './errors.js';

// Go durations (time.ParseDuration) and the patterns Flux's CRDs put on duration fields.
export * from './duration/index.js';
export { fluxDurationSchema, type FluxDurationSchemaOptions } from './duration/duration.schema.js';

// Kubernetes label selectors (labels.Parse, LabelSelectorAsSelector) and label key/value rules.
export * from './selector/index.js';

// Flux kinds: group, version, kind, plural and short names of each.
export * from './kinds/index.js';

// Plain Kubernetes object readers shared by the stages.
export type { KubeObject } from './object/kube-object.js';
export { objectSubject } from './object/kube-object.js';
export { isObjectName, isNamespaceName } from './object/object-names.js';

// postBuild substitution.
export { envsubst, type EnvsubstOptions } from './substitute/envsubst.js';
export { resolveSubstituteVars, type SubstituteSource, type SubstituteSpec } from './substitute/resolve-vars.js';
export { substituteObjects, type SubstituteOptions } from './substitute/substitute-objects.js';

// SOPS decryption (age).
export { decryptSops, type SopsDecryptOptions, type SopsFormat, type SopsPlaintext } from './sops/decrypt-sops.js';
export { decryptObjects, isSopsEncrypted } from './sops/decrypt-objects.js';
export { sopsFormatForPath, looksSopsEncrypted } from './sops/sops-format.js';

// Image policies.
export { parseSemverRange, semverRangeMatches, semverRangeProblem, type SemverRange } from './images/semver/range.js';
export { parseSemVersion, parseImageTagVersion, compareSemVersions, type SemVersion } from './images/semver/version.js';
export { parseImageName, type ImageName } from './images/image-name.js';
export { splitImageRef, type ImageRefParts } from './images/split-image-ref.js';
export { goRegExp } from './images/policy/go-regexp.js';
export { selectLatestTag, type ImagePolicyChoice, type ImagePolicySpec, type LatestTag } from './images/policy/select-latest-tag.js';

// Health (kstatus with Flux's readers).
export type { HealthResult, HealthStatus } from './health/health-result.js';
export { computeHealth, computeMissingHealth, type HealthOptions } from './health/compute-health.js';
export { summarizeHealth, type HealthSummary } from './health/summarize-health.js';
export { selectHealthChecks, type HealthCheckRef } from './health/select-health-checks.js';

// CEL (custom health checks, dependency readiness expressions) is the `@flotilla/reconcile-core/cel` subpath,
// loaded with import() through these.
export { loadCel, loadCelFor, loadedCel, usesCel } from './cel-loader.js';

// Dependency order.
export { sortDependencies, type Dependent, type DependencyOrder } from './order/sort-dependencies.js';
export { dependencyReady, type DependencyState, type DependencyVerdict } from './order/dependency-ready.js';

// Inventory and plans.
export { inventoryId, parseInventoryId, objectRef, refSubject, type ObjectRef } from './inventory/object-ref.js';
export { inventoryFromRefs, inventoryFromChangeSet, listInventory, staleObjects, mergeSurvivors, emptyInventory, type Inventory, type InventoryEntry } from './inventory/inventory.js';
export { applyStage, compareRefs, STAGE_ORDER, type ApplyStage } from './plan/reconcile-order.js';
export { changeSetEntry, formatChangeSet, groupChangeSet, changeSetHasChanges, type ChangeAction, type ChangeSetEntry } from './plan/change-set.js';
export { anyInMetadata, ownerLabels, withOwnerLabels, excludedFromApply, forceRecreate, OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from './plan/flux-metadata.js';
export { renderedDiff, type RenderedDiff, type ChangedObject } from './plan/rendered-diff.js';
export { planPrune, pruneSurvivors, type PlanPruneInput, type PrunePlan } from './plan/plan-prune.js';
export { compileDriftIgnore, ignoredPaths, withoutPaths, driftIgnoreEdits, applyDriftIgnoreEdits, type CompiledDriftIgnore, type DriftIgnoreEdit, type DriftIgnoreRule } from './plan/drift-ignore.js';

// Revisions.
export { parseRevision, formatRevision, shortRevision, gitRevision, ociRevision, chartRevision, transformLegacyRevision, sameRevision, type Revision } from './revision/revision.js';
export { renderGoTemplate } from './images/commit/go-template.js';
export { renderCommitMessage, commitTemplateData, commitTemplateProblem, DEFAULT_COMMIT_MESSAGE_TEMPLATE, type FileSetterChanges } from './images/commit/commit-message.js';
export { applySetters, type LatestImageRef, type SetterChange, type SetterResult } from './images/setters/apply-setters.js';

// kustomize build.

// Artifacts: a symlink must stay inside the tree it belongs to.
export { checkSymlink, type SymlinkCheck } from './artifact/check-symlink.js';
export { selectChartVersion, type ChartVersionChoice } from './helm/chart-version.js';
export { chartDownloadUrl, MAX_CHART_BYTES, MAX_INDEX_BYTES, parseHelmIndex, type HelmIndex } from './helm/helm-index.js';
export { conditionsOf, failedConditions, progressingConditions, succeededConditions, type SourceCondition, type SourceFailureType } from './helm/source-conditions.js';
export { mergeValues } from './helm/merge-values.js';
export { parseTargetPath, setValueAtPath } from './helm/target-path.js';
export { mergeValuesFiles } from './helm/values-files.js';
export { helmChartNameOf, releaseNameOf, shortenReleaseName, type ReleaseNaming } from './helm/release-name.js';
