import * as z from 'zod';
import { messageText, namespaceName, objectName, shortText } from '../limits.js';
import { MAX_DIFF_CHARS } from './kustomization-diff.js';
import { requestId } from './object-read.js';

// v7: two revisions of a HelmRelease's helm release on the agent's cluster, as `helm get values --revision N` and
// `helm get manifest --revision N` show them, for the hub to diff. What leaves the cluster is masked by the agent:
// every value of a Secret in the manifest, and values whose key names a credential; a masked value that differs
// between the two revisions says so (`*** (before)` / `*** (after)`), the value itself never leaves.

/** helm's revision numbers count from 1. */
const revision = z.number().int().min(1).max(1_000_000);

/** hub → agent: revisions `from` and `to` of the helm release HelmRelease `owner` manages in the agent's cluster. */
export const helmReleaseRevisionsSchema = z.object({
  requestId,
  owner: z.object({ kind: z.literal('HelmRelease'), namespace: namespaceName, name: objectName }),
  from: revision,
  to: revision,
});
export type HelmReleaseRevisions = z.infer<typeof helmReleaseRevisionsSchema>;

/** One revision as helm stored it: its chart, status, the user-supplied values as YAML and the rendered manifest, both masked. */
export const helmRevisionContentSchema = z.object({
  revision,
  status: shortText,
  chartName: shortText,
  chartVersion: shortText,
  appVersion: shortText.optional(),
  values: z.string(),
  manifest: z.string(),
});
export type HelmRevisionContent = z.infer<typeof helmRevisionContentSchema>;

/**
 * Why an agent could not answer: no such HelmRelease in its cluster; no such revision of its release (helm keeps
 * `maxHistory` of them); the two revisions are too large for one socket frame; any other failure.
 */
export const HELM_REVISIONS_ERROR_CODES = ['NOT_FOUND', 'REVISION_NOT_FOUND', 'TOO_LARGE', 'READ_FAILED'] as const;
export type HelmRevisionsErrorCode = (typeof HELM_REVISIONS_ERROR_CODES)[number];

const chars = (r: HelmRevisionContent): number => r.values.length + r.manifest.length;

/** agent → hub: the helm release (name and storage namespace) and both revisions, or why not. */
export const helmReleaseRevisionsResultSchema = z.discriminatedUnion('ok', [
  z.object({
    requestId,
    ok: z.literal(true),
    release: z.object({ name: shortText, namespace: namespaceName }),
    from: helmRevisionContentSchema,
    to: helmRevisionContentSchema,
  }).refine((a) => chars(a.from) + chars(a.to) <= MAX_DIFF_CHARS, { message: `the values and manifests must be at most ${MAX_DIFF_CHARS} characters in all` }),
  z.object({ requestId, ok: z.literal(false), code: z.enum(HELM_REVISIONS_ERROR_CODES), message: messageText }),
]);
export type HelmReleaseRevisionsResult = z.infer<typeof helmReleaseRevisionsResultSchema>;
