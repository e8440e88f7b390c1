import * as z from 'zod';
import { kubeName, messageText, namespaceName, objectName, shortText } from '../limits.js';

// v5: the hub asks an agent for one object a Kustomization applied, as it is live in the cluster and as the
// Kustomization's last build wants it; the agent answers once, over the same connection. What leaves the
// cluster is redacted by the agent: Secrets' values and everything that may carry them.

/** Request ids: the hub's, echoed in the answer. */
export const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8 to 64 URL-safe characters');

/**
 * hub → agent: read `target`, which must be in the inventory of `owner`: a Kustomization's, or (v8) the objects
 * of a HelmRelease's current release.
 */
export const objectReadSchema = z.object({
  requestId,
  owner: z.object({ kind: z.enum(['Kustomization', 'HelmRelease']), namespace: namespaceName, name: objectName }),
  target: z.object({
    /** '' for the core group. */
    group: z.string().max(253),
    kind: shortText,
    /** Absent for a cluster-scoped object. */
    namespace: namespaceName.optional(),
    name: kubeName,
  }),
});
export type ObjectRead = z.infer<typeof objectReadSchema>;

/** Largest object, as JSON, an answer may carry on each side; a larger one is answered OBJECT_TOO_LARGE. */
export const MAX_READ_OBJECT_CHARS = 1_000_000;

/** Nesting an object may have; Kubernetes objects stay far below it, and a hostile one cannot exhaust the stack. */
const MAX_READ_OBJECT_DEPTH = 64;

/**
 * Whether a JSON value stays within the bounds, measured without recursion: roughly its JSON length (keys and
 * strings by their length, every other value as a few characters) and its nesting.
 */
function withinBounds(value: unknown): boolean {
  let chars = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_READ_OBJECT_DEPTH) return false;
    if (typeof v === 'string') chars += v.length + 2;
    else if (Array.isArray(v)) {
      chars += 2;
      for (const item of v) stack.push([item, depth + 1]);
    } else if (typeof v === 'object' && v !== null) {
      chars += 2;
      for (const [k, item] of Object.entries(v)) {
        chars += k.length + 3;
        stack.push([item, depth + 1]);
      }
    } else chars += 5;
    if (chars > MAX_READ_OBJECT_CHARS) return false;
  }
  return true;
}

/** A Kubernetes object as JSON within those bounds, as read answers carry it. */
export const kubeObject = z.record(z.string(), z.unknown()).refine(withinBounds, {
  message: `an object must be at most ${MAX_READ_OBJECT_CHARS} characters as JSON and ${MAX_READ_OBJECT_DEPTH} levels deep`,
});

/**
 * Why an agent could not answer: the owner or the target is not in its inventory; the agent's identity may not
 * read the object; the kind is not served by the API server; an object too large to send; any other failure.
 */
export const OBJECT_READ_ERROR_CODES = ['NOT_IN_INVENTORY', 'FORBIDDEN', 'KIND_UNKNOWN', 'OBJECT_TOO_LARGE', 'READ_FAILED'] as const;
export type ObjectReadErrorCode = (typeof OBJECT_READ_ERROR_CODES)[number];

/**
 * agent → hub: the object live (null: gone from the cluster) and as last built (null: the agent has not built
 * the Kustomization since it started, or the build no longer holds it), both without managedFields and with a
 * Secret's values replaced; or why not.
 */
export const objectReadResultSchema = z.discriminatedUnion('ok', [
  z.object({ requestId, ok: z.literal(true), live: kubeObject.nullable(), desired: kubeObject.nullable() }),
  z.object({ requestId, ok: z.literal(false), code: z.enum(OBJECT_READ_ERROR_CODES), message: messageText }),
]);
export type ObjectReadResult = z.infer<typeof objectReadResultSchema>;
