import { KUSTOMIZATION_SOURCE_KINDS } from '@flotilla/reconcile-core';
import * as z from 'zod';
import {
  commonMetadata,
  customHealthCheck,
  dependencyReference,
  fluxDuration,
  ignoreRule,
  int64,
  kubeConfigReference,
  kustomizeImage,
  kustomizePatch,
  localObjectReference,
  reconcileStatusFields,
  resourceInventory,
  stringMap,
  timestamp,
} from './meta.schema.js';

/** kustomize.toolkit.fluxcd.io Kustomization: build a path of a source with kustomize and apply it. */

export const kustomizationSourceKinds = KUSTOMIZATION_SOURCE_KINDS;

export const kustomizationSpec = z.object({
  commonMetadata: commonMetadata.optional(),
  dependsOn: z.array(dependencyReference).optional(),
  decryption: z
    .object({
      provider: z.enum(['sops']),
      serviceAccountName: z.string().optional(),
      secretRef: localObjectReference.optional(),
    })
    .optional(),
  deletionPolicy: z.enum(['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan']).optional(),
  interval: fluxDuration,
  retryInterval: fluxDuration.optional(),
  kubeConfig: kubeConfigReference.optional(),
  path: z.string().optional(),
  postBuild: z
    .object({
      substitute: stringMap.optional(),
      substituteFrom: z
        .array(
          z.object({
            kind: z.enum(['Secret', 'ConfigMap']),
            name: z.string().min(1).max(253),
            optional: z.boolean().default(false),
          }),
        )
        .optional(),
      substituteStrategy: z.enum(['WithVariables', 'Always']).optional(),
    })
    .optional(),
  prune: z.boolean(),
  healthChecks: z
    .array(
      z.object({
        apiVersion: z.string().optional(),
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
      }),
    )
    .optional(),
  healthCheckExprs: z.array(customHealthCheck).optional(),
  serviceAccountName: z.string().optional(),
  sourceRef: z.object({
    apiVersion: z.string().optional(),
    kind: z.enum(kustomizationSourceKinds),
    name: z.string(),
    namespace: z.string().optional(),
  }),
  suspend: z.boolean().optional(),
  targetNamespace: z.string().min(1).max(63).optional(),
  timeout: fluxDuration.optional(),
  force: z.boolean().default(false),
  wait: z.boolean().optional(),
  buildMetadata: z.array(z.enum(['originAnnotations', 'transformerAnnotations'])).optional(),
  components: z.array(z.string()).optional(),
  ignoreMissingComponents: z.boolean().optional(),
  ignore: z.array(ignoreRule).optional(),
  patches: z.array(kustomizePatch).optional(),
  images: z.array(kustomizeImage).optional(),
  namePrefix: z.string().min(1).max(200).optional(),
  nameSuffix: z.string().min(1).max(200).optional(),
});
export type KustomizationSpec = z.infer<typeof kustomizationSpec>;

/** One entry of the recent reconciliations Flux keeps, grouped by the digest of what was applied. */
const reconcileSnapshot = z.object({
  digest: z.string(),
  firstReconciled: timestamp,
  lastReconciled: timestamp,
  lastReconciledDuration: z.string(),
  lastReconciledStatus: z.string(),
  totalReconciliations: int64,
  metadata: stringMap.optional(),
});

export const kustomizationStatus = z.object({
  ...reconcileStatusFields,
  lastAppliedRevision: z.string().optional(),
  lastAppliedOriginRevision: z.string().optional(),
  lastAttemptedRevision: z.string().optional(),
  inventory: resourceInventory.optional(),
  history: z.array(reconcileSnapshot).optional(),
});
export type KustomizationStatus = z.infer<typeof kustomizationStatus>;
