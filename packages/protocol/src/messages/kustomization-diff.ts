import * as z from 'zod';
import { MAX_MESSAGE_BYTES, messageText, namespaceName, objectName, shortText } from '../limits.js';
import { kubeObject } from './object-read.js';

// v6: `flotilla diff kustomization` — the hub hands an agent the objects a Kustomization would apply (built by
// the CLI as the agent builds them, perhaps from a local directory) and the agent answers what a server-side
// dry-run apply of each would change, as `flux diff kustomization` does. The agent dry-runs only objects its own
// copy of the Kustomization would manage, and redacts Secrets before anything leaves the cluster.

/** Request ids: the hub's, echoed in the answer. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8 to 64 URL-safe characters');

/** Most objects one diff may carry. */
export const MAX_DIFF_OBJECTS = 2000;

/** Most characters, as JSON, of all objects of one request or one answer: they travel in one socket frame. */
export const MAX_DIFF_CHARS = MAX_MESSAGE_BYTES - 100_000;

/** Characters of all items as JSON; an item JSON cannot hold (too deep to stringify) counts as too large. */
function totalChars(items: readonly unknown[]): number {
  try {
    return items.reduce<number>((n, o) => n + (JSON.stringify(o)?.length ?? 0), 0);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** hub → agent: dry-run these objects for Kustomization `owner`, which must be in the agent's cluster. */
export const kustomizationDiffSchema = z.object({
  requestId,
  owner: z.object({ kind: z.literal('Kustomization'), namespace: namespaceName, name: objectName }),
  objects: z
    .array(kubeObject)
    .max(MAX_DIFF_OBJECTS)
    .refine((o) => totalChars(o) <= MAX_DIFF_CHARS, { message: `the objects must be at most ${MAX_DIFF_CHARS} characters as JSON in all` }),
});
export type KustomizationDiff = z.infer<typeof kustomizationDiffSchema>;

/**
 * What applying would do to one object, with ssa's actions: created (absent from the cluster), configured
 * (drifted: `live` and `merged`, the dry-run result, are both given), unchanged, skipped (excluded by a
 * `kustomize.toolkit.fluxcd.io` annotation, or not this Kustomization's to manage: `message` says why), deleted
 * (in the Kustomization's inventory, no longer built, and pruned).
 */
export const diffEntrySchema = z.object({
  /** As Flux prints it: Kind/namespace/name, or Kind/name for a cluster-scoped object. */
  subject: shortText,
  action: z.enum(['created', 'configured', 'unchanged', 'skipped', 'deleted']),
  live: kubeObject.optional(),
  merged: kubeObject.optional(),
  message: messageText.optional(),
});
export type DiffEntry = z.infer<typeof diffEntrySchema>;

/** Why an agent could not answer: the Kustomization is not in its cluster; the answer is too large; any other failure. */
export const KUSTOMIZATION_DIFF_ERROR_CODES = ['NOT_FOUND', 'TOO_LARGE', 'DIFF_FAILED'] as const;

/** agent → hub: an entry per object in the order sent, then the deleted ones; the objects the dry-run refused in `errors`. */
export const kustomizationDiffResultSchema = z.discriminatedUnion('ok', [
  z.object({
    requestId,
    ok: z.literal(true),
    entries: z
      .array(diffEntrySchema)
      .max(MAX_DIFF_OBJECTS * 2)
      .refine((e) => totalChars(e) <= MAX_DIFF_CHARS, { message: `the entries must be at most ${MAX_DIFF_CHARS} characters as JSON in all` }),
    errors: z.array(z.object({ subject: shortText, message: messageText })).max(MAX_DIFF_OBJECTS),
  }),
  z.object({ requestId, ok: z.literal(false), code: z.enum(KUSTOMIZATION_DIFF_ERROR_CODES), message: messageText }),
]);
export type KustomizationDiffResult = z.infer<typeof kustomizationDiffResultSchema>;
