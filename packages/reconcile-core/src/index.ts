export type { CoreError, CoreErrorCode, CoreWarning, Result, YamlErrorCode, BuildErrorCode, GeneralErrorCode } from './errors.js';
export { coreError, ok, fail, formatCoreError } from './errors.js';

// Errors of the logic stages (substitution, SOPS, health, order, inventory, plans, revisions, images).
export type { LogicErrorCode, SubstituteErrorCode, SopsErrorCode, PlanErrorCode, ImageErrorCode } from './errors.js';

// Plain Kubernetes object readers shared by the stages.
export type { KubeObject } from './object/kube-object.js';
export { objectSubject } from './object/kube-object.js';

// postBuild substitution.
export { envsubst, type EnvsubstOptions } from './substitute/envsubst.js';
export { resolveSubstituteVars, type SubstituteSource, type SubstituteSpec } from './substitute/resolve-vars.js';
export { substituteObjects, type SubstituteOptions } from './substitute/substitute-objects.js';
