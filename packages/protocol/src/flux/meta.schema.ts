import { fluxDurationSchema } from '@flotilla/reconcile-core';
import * as z from 'zod';

/**
 * Building blocks shared by the Flux kinds: references, durations, conditions, artifacts. Each field keeps
 * Flux's name and Flux's validation, because these schemas are also the CRDs' OpenAPI schemas: what they
 * accept is what the API server accepts.
 */

/**
 * A Go duration as Flux's CRDs validate it (`1m`, `30s`, `1h30m`, `1.5h`, `500ms`): the CRD pattern (no
 * `ns`/`us`) and Go's parser, from reconcile-core.
 */
export const fluxDuration = fluxDurationSchema('interval');
/** Source timeouts: the same without hours, since a fetch longer than an hour is a mistake. */
export const fluxTimeout = fluxDurationSchema('sourceTimeout');

/**
 * A CEL rule the API server evaluates (`x-kubernetes-validations`), with the same check in TypeScript so a
 * spec parsed here and an object the API server admitted agree.
 */
export interface CelRule<T> {
  rule: string;
  message: string;
  check: (value: T) => boolean;
}

export function withCelRules<S extends z.ZodObject>(schema: S, rules: CelRule<z.output<S>>[]): S {
  const refined = rules.reduce<S>((s, r) => s.refine((v) => r.check(v), { message: r.message }) as S, schema);
  return refined.meta({
    'x-kubernetes-validations': rules.map(({ rule, message }) => ({ rule, message })),
  }) as S;
}

/** Any JSON value, kept as written (Helm values): the API server neither prunes nor types it. */
export const preservedJson = z.unknown().meta({ 'x-kubernetes-preserve-unknown-fields': true });

export const stringMap = z.record(z.string(), z.string());

export const localObjectReference = z.object({ name: z.string() });
export type LocalObjectReference = z.infer<typeof localObjectReference>;

/** A Secret key reference; `key` defaults to Flux's `value` / `value.yaml` where the reader says so. */
export const secretKeyReference = z.object({ name: z.string(), key: z.string().optional() });

export const kubeConfigReference = withCelRules(
  z.object({ configMapRef: localObjectReference.optional(), secretRef: secretKeyReference.optional() }),
  [
    {
      rule: 'has(self.configMapRef) || has(self.secretRef)',
      message: 'set one of configMapRef and secretRef',
      check: (v) => v.configMapRef !== undefined || v.secretRef !== undefined,
    },
    {
      rule: '!has(self.configMapRef) || !has(self.secretRef)',
      message: 'set one of configMapRef and secretRef',
      check: (v) => v.configMapRef === undefined || v.secretRef === undefined,
    },
  ],
);

export const dependencyReference = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  readyExpr: z.string().optional(),
});

/** CEL expressions that say when a custom resource is current, failed or still in progress. */
export const customHealthCheck = z.object({
  apiVersion: z.string(),
  kind: z.string().optional(),
  current: z.string(),
  failed: z.string().optional(),
  inProgress: z.string().optional(),
});

export const commonMetadata = z.object({ annotations: stringMap.optional(), labels: stringMap.optional() });

/** kustomize's patch target selector. */
export const kustomizeSelector = z.object({
  group: z.string().optional(),
  version: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  annotationSelector: z.string().optional(),
  labelSelector: z.string().optional(),
});

export const kustomizePatch = z.object({ patch: z.string(), target: kustomizeSelector.optional() });

export const kustomizeImage = z.object({
  name: z.string(),
  newName: z.string().optional(),
  newTag: z.string().optional(),
  digest: z.string().optional(),
});

/** JSON pointers to leave alone in the objects the selector picks. */
export const ignoreRule = z.object({ paths: z.array(z.string()), target: kustomizeSelector.optional() });

export const ociMatchOidcIdentity = z.object({ issuer: z.string(), subject: z.string() });

/** A Kubernetes condition (metav1.Condition), validated as the API server validates it. */
export const condition = z.object({
  type: z
    .string()
    .max(316)
    .regex(
      /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/,
    ),
  status: z.enum(['True', 'False', 'Unknown']),
  observedGeneration: z.int().min(0).meta({ format: 'int64' }).optional(),
  lastTransitionTime: z.iso.datetime({ offset: true }),
  reason: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/),
  message: z.string().max(32768),
});
export type Condition = z.infer<typeof condition>;

export const int64 = z.int().meta({ format: 'int64' });
export const timestamp = z.iso.datetime({ offset: true });

/** What a source produced: where to download it, its revision and its digest. */
export const artifact = z.object({
  path: z.string(),
  url: z.string(),
  revision: z.string(),
  digest: z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/),
  lastUpdateTime: timestamp,
  size: int64.optional(),
  metadata: stringMap.optional(),
});
export type Artifact = z.infer<typeof artifact>;

/** The status every Flux kind starts from; `observedGeneration` is -1 until the first reconcile. */
export const reconcileStatusFields = {
  observedGeneration: int64.optional(),
  conditions: z.array(condition).optional(),
  lastHandledReconcileAt: z.string().optional(),
};

export const NEVER_OBSERVED = { observedGeneration: -1 };

/** Applied objects, each `namespace_name_group_kind` with the version it was applied at. */
export const resourceInventory = z.object({ entries: z.array(z.object({ id: z.string(), v: z.string() })) });
