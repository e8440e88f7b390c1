// Errors in reconcile-core are data: a closed set of codes, collected and returned, never thrown across
// the package boundary. Callers (agent, hub, UI) switch on `code`; `message` is for humans; `path` names
// the file (relative to the build root) or the object (`Kind/namespace/name`) the error concerns.

/** Problems reading YAML/JSON input. */
export type YamlErrorCode =
  | 'YAML_PARSE_ERROR'
  | 'YAML_ALIAS_LIMIT' // alias expansion too large (billion laughs)
  | 'YAML_TOO_DEEP' // nesting beyond the depth limit
  | 'YAML_INVALID_VALUE'; // a value JSON cannot hold (.inf, NaN, non-string keys that cannot be stringified)

/** Problems in the kustomize build stage (src/build). */
export type BuildErrorCode =
  | 'KUSTOMIZATION_NOT_FOUND'
  | 'KUSTOMIZATION_INVALID' // wrong shape, unknown field, empty file, wrong kind
  | 'MULTIPLE_KUSTOMIZATIONS' // more than one kustomization file name in one directory
  | 'PATH_ESCAPES_ROOT' // ../, absolute path or symlink leaving the build root
  | 'REMOTE_BASE_REFUSED' // git/http bases are not fetched by the build
  | 'RESOURCE_NOT_FOUND' // a listed file or directory does not exist
  | 'RESOURCE_INVALID' // a document that is not a Kubernetes object
  | 'CYCLE' // a kustomization that (indirectly) includes itself
  | 'FILE_TOO_LARGE'
  | 'LIMIT_EXCEEDED' // object count, output size or recursion limits
  | 'DUPLICATE_OBJECT' // two objects with the same id after a merge of bases
  | 'NAMESPACE_CONFLICT'
  | 'PATCH_INVALID'
  | 'PATCH_TARGET_NOT_FOUND'
  | 'PATCH_FAILED' // JSON 6902 test failed, path missing, bad SMP directive
  | 'GENERATOR_INVALID' // bad literal/env/file source, duplicate key
  | 'GENERATOR_CONFLICT' // behavior create over an existing object, merge/replace over none
  | 'REPLACEMENT_INVALID'
  | 'REPLACEMENT_SOURCE_NOT_FOUND'
  | 'REPLACEMENT_TARGET_NOT_FOUND'
  | 'VAR_INVALID'
  | 'VAR_NOT_FOUND'
  | 'COMPONENT_INVALID' // a Kustomization used as a component or vice versa
  | 'TRANSFORMER_INVALID' // bad images/replicas/labels configuration
  | 'UNSUPPORTED_FEATURE'; // helmCharts, plugins, other features we refuse on purpose

/** Codes every stage may use. */
export type GeneralErrorCode = 'INVALID_INPUT' | 'INTERNAL_ERROR';

// Other pipeline stages (substitution, sops, health, order, inventory, images, plan) add their own union
// here and to `CoreErrorCode`. Keep the shape of CoreError and Result stable.
export type CoreErrorCode = YamlErrorCode | BuildErrorCode | GeneralErrorCode | LogicErrorCode;

/** postBuild substitution (src/substitute). */
export type SubstituteErrorCode =
  | 'SUBSTITUTE_VAR_UNDEFINED' // strict mode: ${var} without a default and no such variable
  | 'SUBSTITUTE_SYNTAX' // malformed ${...} expression
  | 'SUBSTITUTE_VAR_NAME_INVALID' // a variable name Flux refuses
  | 'SUBSTITUTE_SOURCE_NOT_FOUND' // a non-optional substituteFrom ConfigMap/Secret is missing
  | 'SUBSTITUTE_RESULT_INVALID'; // the substituted YAML no longer parses into one object

/** SOPS decryption (src/sops). Messages never contain key material or plaintext. */
export type SopsErrorCode =
  | 'SOPS_FORMAT_INVALID' // the file does not parse in its declared format
  | 'SOPS_METADATA_INVALID' // missing or malformed `sops` metadata
  | 'SOPS_KEY_INVALID' // a supplied age identity is malformed
  | 'SOPS_NO_MATCHING_KEY' // none of the supplied identities opens any data-key stanza
  | 'SOPS_UNSUPPORTED' // only PGP/KMS/Vault recipients, or a SOPS feature we do not implement
  | 'SOPS_VALUE_INVALID' // an encrypted value fails authentication or does not parse
  | 'SOPS_MAC_MISMATCH'; // the file's MAC does not match its content (tampered)

/** Dependency order, inventory, plans, revisions and images. */
export type PlanErrorCode =
  | 'DEPENDENCY_CYCLE'
  | 'DEPENDENCY_NOT_FOUND'
  | 'DEPENDENCY_DUPLICATE'
  | 'OBJECT_INVALID' // no kind, apiVersion or name
  | 'INVENTORY_ID_INVALID'
  | 'IGNORE_RULE_INVALID' // a Kustomization ignore rule with a bad JSON pointer, regular expression or selector
  | 'REVISION_INVALID';

export type ImageErrorCode =
  | 'SEMVER_RANGE_INVALID'
  | 'IMAGE_NAME_INVALID' // an ImageRepository image with a scheme, tag or digest, or a bad repository name
  | 'IMAGE_POLICY_INVALID'
  | 'IMAGE_POLICY_NO_CANDIDATE'
  | 'IMAGE_TAG_NOT_NUMERIC'
  | 'SETTER_YAML_INVALID'
  | 'SETTER_MARKER_INVALID'
  | 'TEMPLATE_INVALID'; // a commit message template that does not parse, or uses what the Go template subset lacks

/** Values shared by every Flux kind: Go durations and label selectors. */
export type PrimitiveErrorCode =
  | 'DURATION_INVALID' // not a Go duration, or not the form the Flux field's CRD pattern allows
  | 'LABEL_SELECTOR_INVALID'; // bad selector syntax, or a key or value Kubernetes refuses

/** CEL expressions in Flux specs (healthCheckExprs, dependsOn readyExpr). */
export type CelErrorCode =
  | 'CEL_EXPRESSION_INVALID'; // does not parse, is empty where required, or duplicates another entry's scope

export type LogicErrorCode = SubstituteErrorCode | SopsErrorCode | PlanErrorCode | ImageErrorCode | PrimitiveErrorCode | CelErrorCode;

export interface CoreError {
  code: CoreErrorCode;
  message: string;
  /** File path relative to the build root, or an object id such as `Deployment/default/web`. */
  path?: string;
}

/** A non-fatal finding (deprecated field, ignored option). Travels beside errors, as in eemeli/yaml. */
export interface CoreWarning {
  code: string;
  message: string;
  path?: string;
}

export type Result<T> =
  | { ok: true; value: T; warnings: CoreWarning[] }
  | { ok: false; errors: CoreError[]; warnings: CoreWarning[] };

export function coreError(code: CoreErrorCode, message: string, path?: string): CoreError {
  return path === undefined ? { code, message } : { code, message, path };
}

export function ok<T>(value: T, warnings: CoreWarning[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(errors: CoreError | CoreError[], warnings: CoreWarning[] = []): Result<T> {
  return { ok: false, errors: Array.isArray(errors) ? errors : [errors], warnings };
}

export function formatCoreError(e: CoreError): string {
  return e.path ? `${e.code}: ${e.path}: ${e.message}` : `${e.code}: ${e.message}`;
}
