import * as z from 'zod';
import { kubeName, messageText, namespaceName, objectName } from '../limits.js';

// v6: the hub asks an agent for what a Kustomization's `postBuild.substituteFrom` reads in its cluster, to render
// a proposal's per-cluster diff as the agent would build it. ConfigMaps come back with their data; Secrets with
// their keys only: their values never leave the cluster.

/** Request ids: the hub's, echoed in the answer. */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8 to 64 URL-safe characters');

const sourceKind = z.enum(['ConfigMap', 'Secret']);

/**
 * hub → agent: read these entries of the `substituteFrom` of Kustomization `owner`, in its namespace. The agent
 * reads only entries its own copy of the Kustomization lists.
 */
export const substituteReadSchema = z.object({
  requestId,
  owner: z.object({ kind: z.literal('Kustomization'), namespace: namespaceName, name: objectName }),
  sources: z.array(z.object({ kind: sourceKind, name: kubeName })).min(1).max(64),
});
export type SubstituteRead = z.infer<typeof substituteReadSchema>;

/** Most characters (keys and values) an answer's ConfigMap data may carry in all; a ConfigMap holds at most 1 MiB. */
export const MAX_SUBSTITUTE_DATA_CHARS = 1_000_000;

const dataChars = (data: Record<string, string>): number => Object.entries(data).reduce((n, [k, v]) => n + k.length + v.length, 0);

const readSource = z.discriminatedUnion('kind', [
  /** `data` absent: the ConfigMap does not exist. */
  z.object({ kind: z.literal('ConfigMap'), name: kubeName, data: z.record(z.string(), z.string()).optional() }),
  /** `keys` absent: the Secret does not exist. Only its keys, never its values. */
  z.object({ kind: z.literal('Secret'), name: kubeName, keys: z.array(z.string().max(253)).max(1024).optional() }),
]);
export type SubstituteReadSource = z.infer<typeof readSource>;

/**
 * Why an agent could not answer: the Kustomization is not in its cluster, or does not list an entry asked for;
 * the agent's identity may not read an object; the data is too large; any other failure.
 */
export const SUBSTITUTE_READ_ERROR_CODES = ['NOT_FOUND', 'NOT_IN_SPEC', 'FORBIDDEN', 'TOO_LARGE', 'READ_FAILED'] as const;

/** agent → hub: every entry asked for, in the order asked; or why not. */
export const substituteReadResultSchema = z.discriminatedUnion('ok', [
  z.object({
    requestId,
    ok: z.literal(true),
    sources: z
      .array(readSource)
      .max(64)
      .refine((s) => s.reduce((n, e) => n + (e.kind === 'ConfigMap' && e.data ? dataChars(e.data) : 0), 0) <= MAX_SUBSTITUTE_DATA_CHARS, {
        message: `ConfigMap data must be at most ${MAX_SUBSTITUTE_DATA_CHARS} characters in all`,
      }),
  }),
  z.object({ requestId, ok: z.literal(false), code: z.enum(SUBSTITUTE_READ_ERROR_CODES), message: messageText }),
]);
export type SubstituteReadResult = z.infer<typeof substituteReadResultSchema>;
