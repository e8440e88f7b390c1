import * as z from 'zod';

/** An object in the scenario's cluster, named as kubectl would (namespace defaults to the scenario's). */
const objectRef = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

/**
 * One step. `commit` pushes the tree in `commits/<dir>` as the whole next commit; `apply` server-side applies
 * a YAML file of the scenario (`${GIT_URL}`, `${NAMESPACE}` and `${COMMIT_<dir>}`, the sha a `commit` step
 * pushed, replaced); the cluster actions change what Flux applied behind its back; `compare` asks every Flux
 * object to reconcile (sources first, as `flux reconcile --with-source` does), waits until both sides settle
 * and compares them. With `request: false` it asks nothing: what each side did on its own timers (a
 * retryInterval elapsing) is what is compared, after watching both for at least `observeSeconds`. A `patch`
 * may name its `fieldManager` (default kubectl): another controller's write, which Flux does not take over.
 */
export const stepSchema = z.union([
  z.object({ commit: z.object({ dir: z.string(), branch: z.string().optional(), tag: z.string().optional(), message: z.string().optional() }).strict() }).strict(),
  z.object({ apply: z.string() }).strict(),
  z.object({ delete: objectRef }).strict(),
  z.object({ patch: objectRef.extend({ patch: z.record(z.string(), z.unknown()), fieldManager: z.string().optional() }) }).strict(),
  z.object({ deleteNamespace: z.string() }).strict(),
  z.object({ compare: z.object({ timeoutSeconds: z.number().positive().optional(), request: z.boolean().optional(), observeSeconds: z.number().positive().optional() }).strict().nullable() }).strict(),
]);
export type Step = z.infer<typeof stepSchema>;

/**
 * A difference Flotilla makes on purpose: the path and the two values the comparison reports, and why. The
 * scenario agrees only if this difference is what is seen.
 */
export const recordedDifferenceSchema = z.object({ path: z.string(), flux: z.string(), flotilla: z.string(), why: z.string() }).strict();
export type RecordedDifference = z.infer<typeof recordedDifferenceSchema>;

export const scenarioSchema = z
  .object({
    description: z.string(),
    /** Played by the fast subset `pnpm test` runs. */
    fast: z.boolean().default(false),
    differences: z.array(recordedDifferenceSchema).default([]),
    /** A disagreement not fixed yet: the scenario is reported as a known failure, never as agreed. */
    knownFailure: z.string().optional(),
    /** Objects compared besides those the Kustomizations' inventories name (e.g. ones Flux must leave alone). */
    watch: z.array(objectRef).default([]),
    steps: z.array(stepSchema).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;
export type ObjectRef = z.infer<typeof objectRef>;
