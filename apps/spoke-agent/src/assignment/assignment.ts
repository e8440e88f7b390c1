import { z } from 'zod';

// The hub's `assignment` message (contract-issue5.md, protocol v2): a full snapshot of what this cluster runs.
// The agent validates it again at its edge and persists it as received, so a restart reconciles the same thing.

const name = z.string().min(1).max(253);
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

export const assignedSourceSchema = z.object({
  kind: z.literal('GitRepository'),
  namespace: name,
  name,
  revision: z.string().min(1).max(512),
  digest: z.string().regex(DIGEST, 'digest must be sha256:<64 hex>'),
  size: z.number().int().min(0),
  url: z.string().min(1).max(1024),
});

export const assignedKustomizationSchema = z.object({
  namespace: name,
  name,
  generation: z.number().int().min(0),
  /** Flux's Kustomization spec (field names as in flux.md §1.6); converted by toKustomizationSpec. */
  spec: z.record(z.string(), z.unknown()),
  /** Cluster variables for postBuild substitution (cluster_name, cluster_id, cluster_label_*, the cluster's map). */
  variables: z.record(z.string(), z.string()).default({}),
});

export const assignmentSchema = z.object({
  generation: z.number().int().min(0),
  sources: z.array(assignedSourceSchema).max(10_000),
  kustomizations: z.array(assignedKustomizationSchema).max(10_000),
});

export const reconcileRequestSchema = z.object({
  kind: z.literal('Kustomization'),
  namespace: name,
  name,
  requestedAt: z.string().min(1).max(64),
});

export const batchAckSchema = z.object({ seq: z.number().int().min(0) });

export type Assignment = z.infer<typeof assignmentSchema>;
export type AssignedSource = z.infer<typeof assignedSourceSchema>;
export type AssignedKustomization = z.infer<typeof assignedKustomizationSchema>;
export type ReconcileRequest = z.infer<typeof reconcileRequestSchema>;

export const kustomizationKey = (k: { namespace: string; name: string }): string => `${k.namespace}/${k.name}`;
export const sourceKey = (s: { kind: string; namespace: string; name: string }): string => `${s.kind}/${s.namespace}/${s.name}`;
