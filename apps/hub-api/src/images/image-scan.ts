import { createHash } from 'node:crypto';
import { listTags, OciClientError, RegistrySession, type RegistryAuth } from '@flotilla/oci-client';
import type { Condition } from '@flotilla/protocol/flux';
import { goRegExp, parseImageName } from '@flotilla/reconcile-core';

/** How many tags Flux shows in `lastScanResult.latestTags`. */
const LATEST_TAGS = 10;

export type ScanReason = 'Succeeded' | 'ImageURLInvalid' | 'AuthenticationFailed' | 'ReadOperationFailed';

export interface StoredImageRepositoryStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  canonicalImageName?: string;
  lastScanResult?: { revision: string; tagCount: number; scanTime: string; latestTags: string[] };
  observedExclusionList?: string[];
  lastHandledReconcileAt?: string;
  /** Consecutive failed scans, for the retry backoff. */
  failures?: number;
}

export interface ScanInput {
  image: string;
  insecure: boolean;
  exclusionList: readonly string[];
  generation: number;
  previous: StoredImageRepositoryStatus;
  now: () => Date;
  timeoutMs: number;
  /** The credentials for this registry host, if any (opened only when the scan runs). */
  auth: (registry: string) => RegistryAuth | undefined;
  /** Throws when the hub may not connect to this registry host. */
  checkHost: (url: URL) => Promise<void>;
}

export interface ScanOutcome {
  status: StoredImageRepositoryStatus;
  /** The tags to store; undefined when the scan failed (the stored tags stay as they were). */
  tags?: string[];
  reason: ScanReason;
  /** Stalled: a spec change is needed, so no retry. */
  stalled: boolean;
}

/** sha256 of the tag list, as a cheap "did the tags change" for consumers. */
export const tagsRevision = (tags: readonly string[]): string => createHash('sha256').update(JSON.stringify(tags)).digest('hex');

/** Flux's latestTags: reverse alphabetical, the first 10. */
export function latestTags(tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, LATEST_TAGS);
}

function condition(type: string, status: Condition['status'], reason: string, message: string, generation: number, at: string, previous?: Condition[]): Condition {
  const prev = previous?.find((c) => c.type === type);
  // Kubernetes keeps lastTransitionTime while the status does not change.
  return { type, status, reason, message, observedGeneration: generation, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : at };
}

/**
 * One scan as image-reflector-controller runs it: canonicalise the image, list every tag (paginated), drop
 * the excluded ones, store them and report Ready=True "successful scan: found N tags". A failure sets
 * Ready=False with Flux's reason and keeps the last scan result and the stored tags.
 */
export async function scanImageRepository(input: ScanInput): Promise<ScanOutcome> {
  const at = input.now().toISOString();
  const prev = input.previous;
  const fail = (reason: ScanReason, message: string, stalled = false): ScanOutcome => ({
    reason,
    stalled,
    status: {
      ...prev,
      observedGeneration: input.generation,
      failures: (prev.failures ?? 0) + 1,
      conditions: [
        condition('Ready', 'False', reason, message, input.generation, at, prev.conditions),
        ...(stalled ? [condition('Stalled', 'True', reason, message, input.generation, at, prev.conditions)] : []),
      ],
    },
  });
  const name = parseImageName(input.image);
  if (!name.ok) return fail('ImageURLInvalid', name.errors[0]!.message, true);
  const base = `${input.insecure ? 'http' : 'https'}://${name.value.registry}`;
  const exclusions = input.exclusionList.map((p) => goRegExp(p));
  const badPattern = exclusions.findIndex((re) => re === undefined);
  if (badPattern >= 0) return fail('ReadOperationFailed', `failed to compile regex ${input.exclusionList[badPattern]}`, true);
  let tags: string[];
  try {
    await input.checkHost(new URL(base));
    const session = new RegistrySession(base, name.value.repository, input.auth(name.value.registry), { signal: AbortSignal.timeout(input.timeoutMs) });
    const listed = await listTags(session);
    tags = listed.tags.filter((t) => !exclusions.some((re) => re!.test(t)));
  } catch (err) {
    if (err instanceof OciClientError && (err.status === 401 || err.status === 403 || err.code === 'UNAUTHORIZED' || err.code === 'DENIED'))
      return fail('AuthenticationFailed', err.message);
    const timedOut = err instanceof OciClientError && err.code === 'ABORTED';
    const message = err instanceof Error ? (timedOut ? `scan timed out after ${input.timeoutMs}ms` : errorText(err)) : String(err);
    return fail('ReadOperationFailed', `failed to list tags of ${name.value.canonical}: ${message}`);
  }
  const message = `successful scan: found ${tags.length} tags`;
  return {
    reason: 'Succeeded',
    stalled: false,
    tags,
    status: {
      ...prev,
      observedGeneration: input.generation,
      failures: 0,
      canonicalImageName: name.value.canonical,
      lastScanResult: { revision: tagsRevision(tags), tagCount: tags.length, scanTime: at, latestTags: latestTags(tags) },
      observedExclusionList: [...input.exclusionList],
      conditions: [condition('Ready', 'True', 'Succeeded', message, input.generation, at, prev.conditions)],
    },
  };
}

// fetch's "fetch failed" hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`.
function errorText(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}
