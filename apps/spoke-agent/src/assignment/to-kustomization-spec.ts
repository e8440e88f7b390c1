import { fluxDurationSchema, KUSTOMIZATION_SOURCE_KINDS, parseFluxDuration } from '@flotilla/reconcile-core';
import { z } from 'zod';
import type { KustomizationSpec } from '../reconcile/kustomization-spec.js';

// Converts the Flux-named spec the hub assigns (flux.md §1.6, Go durations) into the pipeline's
// KustomizationSpec (durations in ms). The hub validated it already; the agent checks again at its edge and
// names the field that is wrong, so a bad spec becomes a clear Stalled status instead of a crash.

const duration = fluxDurationSchema();
const str = z.string().max(1024);
const stringMap = z.record(z.string(), z.string());

const fluxSpecSchema = z.object({
  sourceRef: z.object({ kind: z.enum(KUSTOMIZATION_SOURCE_KINDS), name: z.string().min(1), namespace: z.string().min(1).optional() }),
  path: str.optional(),
  interval: duration,
  retryInterval: duration.optional(),
  timeout: duration.optional(),
  prune: z.boolean(),
  wait: z.boolean().optional(),
  force: z.boolean().optional(),
  suspend: z.boolean().optional(),
  targetNamespace: str.optional(),
  namePrefix: str.optional(),
  nameSuffix: str.optional(),
  serviceAccountName: str.optional(),
  commonMetadata: z.object({ labels: stringMap.optional(), annotations: stringMap.optional() }).optional(),
  patches: z.array(z.object({ patch: z.string(), target: z.record(z.string(), z.string()).optional() })).optional(),
  images: z.array(z.object({ name: z.string(), newName: z.string().optional(), newTag: z.string().optional(), digest: z.string().optional() })).optional(),
  components: z.array(z.string()).optional(),
  dependsOn: z.array(z.object({ name: z.string().min(1), namespace: z.string().min(1).optional() })).optional(),
  healthChecks: z.array(z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), namespace: z.string().optional() })).optional(),
  postBuild: z
    .object({
      substitute: stringMap.optional(),
      substituteFrom: z.array(z.object({ kind: z.enum(['ConfigMap', 'Secret']), name: z.string().min(1), optional: z.boolean().optional() })).optional(),
      substituteStrategy: z.enum(['WithVariables', 'Always']).optional(),
    })
    .optional(),
  decryption: z.object({ provider: z.literal('sops'), secretRef: z.object({ name: z.string().min(1) }).optional() }).optional(),
});

export interface SourceRef {
  kind: (typeof KUSTOMIZATION_SOURCE_KINDS)[number];
  name: string;
  namespace: string;
}

export type SpecConversion = { ok: true; spec: KustomizationSpec; sourceRef: SourceRef } | { ok: false; field: string; message: string };

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * `variables` are the cluster's (cluster_name, cluster_id, cluster_label_*, its variable map). They feed
 * postBuild substitution with the lowest precedence: substituteFrom overrides them and `postBuild.substitute`
 * overrides everything (contract-issue5.md). As in Flux, nothing is substituted when the spec has no postBuild.
 */
export function toKustomizationSpec(raw: Record<string, unknown>, namespace: string, variables: Record<string, string>): SpecConversion {
  const parsed = fluxSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['spec', ...issue.path.map(String)].join('.');
    return { ok: false, field, message: `${field}: ${issue.message}` };
  }
  const s = parsed.data;
  const ms = (d: string | undefined): number | undefined => {
    const parsed = d === undefined ? undefined : parseFluxDuration(d);
    return parsed?.ok ? Math.round(parsed.value) : undefined;
  };
  const intervalMs = ms(s.interval)!;
  if (intervalMs <= 0) return { ok: false, field: 'spec.interval', message: 'spec.interval: must be greater than 0' };
  const spec: KustomizationSpec = withoutUndefined({
    path: s.path,
    intervalMs,
    retryIntervalMs: ms(s.retryInterval),
    timeoutMs: ms(s.timeout),
    prune: s.prune,
    wait: s.wait,
    force: s.force,
    suspend: s.suspend,
    targetNamespace: s.targetNamespace || undefined,
    namePrefix: s.namePrefix || undefined,
    nameSuffix: s.nameSuffix || undefined,
    serviceAccountName: s.serviceAccountName || undefined,
    commonMetadata: s.commonMetadata,
    patches: s.patches,
    images: s.images,
    components: s.components,
    dependsOn: s.dependsOn,
    healthChecks: s.healthChecks,
    postBuild: s.postBuild,
    decryption: s.decryption,
    clusterVariables: s.postBuild && Object.keys(variables).length > 0 ? variables : undefined,
  });
  return { ok: true, spec, sourceRef: { kind: s.sourceRef.kind, name: s.sourceRef.name, namespace: s.sourceRef.namespace ?? namespace } };
}
