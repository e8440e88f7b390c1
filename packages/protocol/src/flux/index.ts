export * from './meta.schema.js';
export * from './source.schema.js';
export * from './kustomization.schema.js';
export * from './helm-release.schema.js';
export * from './image.schema.js';
export * from './image-policy-problems.js';
export {
  FLUX_GROUPS,
  FLUX_KIND_DEFINITIONS,
  type FluxGroup,
  type FluxKind,
  type FluxKindDefinition,
  type PrinterColumn,
} from './kinds.js';
export {
  FLUX_CRD_MANAGED_BY,
  fluxCustomResourceDefinition,
  fluxCustomResourceDefinitions,
  structuralSchema,
  type CustomResourceDefinition,
  type JsonSchemaProps,
} from './crds.js';
export * from './notification.schema.js';
