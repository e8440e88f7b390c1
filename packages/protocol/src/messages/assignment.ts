import { FLUX_KINDS, fluxDurationSchema } from '@flotilla/reconcile-core';
import { z } from 'zod';
import { artifactDigest, kubeName, sequenceNumber, shortText } from '../limits.js';

// Flux field names (flux.md §1.6). The hub validated the spec when it was written; the agent still parses it
// here because the wire is an edge. Loose objects keep fields a newer hub adds, so the agent can pass them on.

const stringMap = z.record(z.string().max(253), z.string().max(65_536));
const imageRef = z.string().min(1).max(1024);
const duration = fluxDurationSchema();

export const sourceRefSchema = z.object({
  kind: z.literal(FLUX_KINDS.GitRepository.kind),
  name: kubeName,
  namespace: kubeName.optional(),
});

export const dependencyRefSchema = z.object({ name: kubeName, namespace: kubeName.optional() });

export const healthCheckRefSchema = z.object({
  apiVersion: shortText,
  kind: shortText,
  name: kubeName,
  namespace: kubeName.optional(),
});

export const kustomizationSpecSchema = z.looseObject({
  sourceRef: sourceRefSchema,
  path: z.string().max(4096).optional(),
  interval: duration,
  retryInterval: duration.optional(),
  timeout: duration.optional(),
  prune: z.boolean(),
  wait: z.boolean().optional(),
  force: z.boolean().optional(),
  targetNamespace: kubeName.optional(),
  namePrefix: z.string().max(253).optional(),
  nameSuffix: z.string().max(253).optional(),
  commonMetadata: z.object({ labels: stringMap.optional(), annotations: stringMap.optional() }).optional(),
  patches: z.array(z.object({ patch: z.string().max(1_000_000), target: z.record(z.string(), z.string()).optional() })).max(1000).optional(),
  images: z
    .array(z.object({ name: imageRef, newName: imageRef.optional(), newTag: imageRef.optional(), digest: imageRef.optional() }))
    .max(1000)
    .optional(),
  components: z.array(z.string().max(4096)).max(1000).optional(),
  dependsOn: z.array(dependencyRefSchema).max(1000).optional(),
  healthChecks: z.array(healthCheckRefSchema).max(1000).optional(),
  postBuild: z
    .looseObject({
      substitute: stringMap.optional(),
      substituteFrom: z
        .array(z.object({ kind: z.enum(['ConfigMap', 'Secret']), name: kubeName, optional: z.boolean().optional() }))
        .max(100)
        .optional(),
      /** Flux: `WithVariables` (default) substitutes only when variables exist; `Always` also replaces unset ones with defaults. */
      substituteStrategy: z.enum(['WithVariables', 'Always']).optional(),
    })
    .optional(),
  decryption: z.object({ provider: z.literal('sops'), secretRef: z.object({ name: kubeName }).optional() }).optional(),
  serviceAccountName: kubeName.optional(),
  suspend: z.boolean().optional(),
});
export type KustomizationSpecWire = z.infer<typeof kustomizationSpecSchema>;

export const assignedSourceSchema = z.object({
  kind: z.literal(FLUX_KINDS.GitRepository.kind),
  namespace: kubeName,
  name: kubeName,
  /** Flux revision string, e.g. `main@sha1:<40 hex>`. */
  revision: z.string().min(1).max(512),
  digest: artifactDigest,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** `/artifacts/<digest>`, relative to the hub URL; fetched with the cluster credential as a bearer token. */
  url: z.string().min(1).max(1024),
});
export type AssignedSource = z.infer<typeof assignedSourceSchema>;

export const assignedKustomizationSchema = z.object({
  namespace: kubeName,
  name: kubeName,
  /** The Kustomization's own generation (bumped by the hub on every spec change). */
  generation: sequenceNumber,
  spec: kustomizationSpecSchema,
  /**
   * Cluster variables for postBuild substitution: the cluster's variable map, then `cluster_name`, `cluster_id`
   * and `cluster_label_<key>` (non [A-Za-z0-9_] → `_`). Precedence, lowest first: these variables, then
   * `postBuild.substituteFrom` in order, then `postBuild.substitute` — the Kustomization's own values win.
   */
  variables: stringMap,
});
export type AssignedKustomization = z.infer<typeof assignedKustomizationSchema>;

/**
 * hub → agent (v2): the full desired state of one cluster. Sent on every change and after each hello; the
 * generation rises only when the document changes. Kustomizations whose source has no ready artifact are listed
 * without a matching entry in `sources` (the agent reports ArtifactFailed for them).
 */
export const assignmentSchema = z.object({
  generation: sequenceNumber,
  sources: z.array(assignedSourceSchema).max(10_000),
  kustomizations: z.array(assignedKustomizationSchema).max(10_000),
});
export type Assignment = z.infer<typeof assignmentSchema>;

/** agent → hub (v2): the agent stored this assignment generation (it reconciles from it from now on). */
export const assignmentAckSchema = z.object({ generation: sequenceNumber });
export type AssignmentAck = z.infer<typeof assignmentAckSchema>;
