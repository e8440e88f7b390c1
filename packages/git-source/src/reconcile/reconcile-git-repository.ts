import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ArtifactStore, StoredArtifact } from '../storage/artifact-store.js';
import { ArchiveError, archiveStream, planArchive } from '../archive/tree-archive.js';
import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import { describeRef, effectiveRef, isSshCredentials, type GitCredentials, type GitRepositorySpec, type HttpCredentials } from '../spec/git-repository.spec.js';
import {
  mergeConditions,
  type ArtifactStatus,
  type Condition,
  type ConditionReason,
  type GitRepositoryReconcileResult,
  type GitRepositoryStatus,
  type ReconcileOutcome,
  type SourceEvent,
} from '../status/git-repository.status.js';
import { GitTransportError, type FetchedCommit, type GitTransport } from '../transport/git-transport.js';
import { createGitTransport } from '../transport/git-transports.js';
import { sshAuthOptions, type SshSecretData } from './ssh-auth.js';
import { jitteredInterval, retryBackoff } from './requeue.js';
import { resolveRef } from '../ref/resolve-ref.js';
import { gitRevision } from '../ref/revision.js';
import { semverSelector, type SemverSelector } from '../ref/semver-adapter.js';

// One reconcile of a GitRepository, Flux source-controller style, with every side effect injected:
// suspend → credentials (for ssh, Flux's checks of the key and known_hosts) → list remote refs and resolve the ref →
// no-op when the revision and ignore rules are unchanged and the artifact is still stored → shallow fetch
// → deterministic tar.gz into the artifact store → status with Flux conditions. Failures keep the last
// good artifact in the status so agents go on using it. Never throws for git, auth or storage faults.

export interface Clock {
  now(): Date;
}

/** What a GitRepository's secretRef holds, with Flux's Secret keys decoded; the URL's scheme picks what is used. */
export interface GitSecret {
  /** http(s): `username`/`password` or `bearerToken`. */
  credentials?: HttpCredentials;
  /** http(s): `ca.crt`, extra CA certificates (PEM). */
  caCert?: string;
  /** ssh: `identity`, `known_hosts` and `password` (the key's passphrase), as present. */
  ssh?: SshSecretData;
}

/** The secret for credentials kept as one value (the hub's sealed credentials). */
export function gitSecretOf(credentials: GitCredentials): GitSecret {
  return isSshCredentials(credentials) ? { ssh: credentials } : { credentials };
}

/**
 * Resolves a spec.secretRef name (the hub opens its SecretBox, the agent reads the Secret from the object's
 * namespace). Undefined: the secret does not exist. A throw's message is shown, so it must hold no secret.
 */
export type GitSecretResolver = (name: string) => Promise<GitSecret | undefined>;

export interface PreviousGitRepositoryStatus extends Partial<GitRepositoryStatus> {
  failures?: number;
}

export interface ReconcileGitRepositoryInput {
  spec: GitRepositorySpec;
  /** metadata.generation of the object; becomes observedGeneration. Default 1. */
  generation?: number;
  previous?: PreviousGitRepositoryStatus;
  /** Where artifacts go; only put/get/has/delete are used. */
  store: Pick<ArtifactStore, 'put' | 'get' | 'has' | 'delete'>;
  /** `status.artifact.url` of a stored artifact: where consumers of this status get it. */
  artifactUrl: (stored: StoredArtifact) => string;
  clock: Clock;
  /** The object's namespace, for messages that name the secret as Flux does (`<namespace>/<name>`). */
  namespace?: string;
  /** Aborts the fetch (the caller is stopping); it then fails like a timeout would. */
  signal?: AbortSignal;
  secrets?: GitSecretResolver;
  transport?: GitTransport;
  semver?: SemverSelector;
  random?: () => number;
  /**
   * Re-hash the stored artifact before trusting it (Flux's reconcileStorage does, and removes a corrupt one
   * so it is rebuilt). Default true; turn off for stores that guarantee integrity themselves.
   */
  verifyStoredArtifact?: boolean;
}

/** The URL as shown in messages: any user-info dropped. */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

async function storedIntact(store: ReconcileGitRepositoryInput['store'], digest: string, verify: boolean): Promise<boolean> {
  try {
    if (!verify) return await store.has(digest);
    const hash = createHash('sha256');
    for await (const chunk of await store.get(digest)) hash.update(chunk as Buffer);
    if (`sha256:${hash.digest('hex')}` === digest) return true;
    // Corrupt: remove it so this reconcile stores a good copy under the same address.
    await store.delete(digest);
    return false;
  } catch {
    return false;
  }
}

export async function reconcileGitRepository(input: ReconcileGitRepositoryInput): Promise<GitRepositoryReconcileResult> {
  const { spec, store, clock } = input;
  const generation = input.generation ?? 1;
  const previous = input.previous ?? {};
  const prevFailures = previous.failures ?? 0;
  // Without a transport, one with no host guard: the network decides which hosts are reachable.
  const transport = input.transport ?? createGitTransport();
  const semver = input.semver ?? semverSelector;
  const random = input.random ?? Math.random;
  const timings = { resolveMs: 0, fetchMs: 0, archiveMs: 0 };
  const now = () => clock.now().toISOString();
  const url = displayUrl(spec.url);
  const ref = effectiveRef(spec.ref);

  const condition = (type: Condition['type'], status: Condition['status'], reason: ConditionReason, message: string): Condition => ({
    type,
    status,
    reason,
    message,
    observedGeneration: generation,
    lastTransitionTime: now(),
  });

  const finish = (outcome: ReconcileOutcome, status: GitRepositoryStatus, extra: { failures: number; requeueAfterMs?: number; event?: SourceEvent }): GitRepositoryReconcileResult => ({
    outcome,
    status: { ...status, conditions: mergeConditions(previous.conditions, status.conditions) },
    timings,
    ...extra,
  });

  if (spec.suspend) {
    // Flux skips a suspended object entirely: nothing fetched, status left as it was.
    return {
      outcome: 'suspended',
      status: { observedGeneration: previous.observedGeneration ?? -1, conditions: previous.conditions ?? [], artifact: previous.artifact, observedIgnore: previous.observedIgnore },
      failures: prevFailures,
      timings,
    };
  }

  // The last artifact still counts while it is in the store, intact (Flux's ArtifactInStorage).
  const kept = previous.artifact && (await storedIntact(store, previous.artifact.digest, input.verifyStoredArtifact ?? true)) ? previous.artifact : undefined;

  const fail = (type: 'FetchFailed' | 'StorageOperationFailed', reason: ConditionReason, message: string): GitRepositoryReconcileResult => {
    const failures = prevFailures + 1;
    const conditions = [
      condition('Ready', 'False', reason, message),
      condition(type, 'True', reason, message),
      condition('Reconciling', 'True', 'ProgressingWithRetry', kept ? 'reconciliation in progress' : 'building artifact'),
    ];
    if (kept) conditions.push(condition('ArtifactInStorage', 'True', 'Succeeded', `stored artifact for revision '${kept.revision}'`));
    return finish(
      'failed',
      { observedGeneration: generation, conditions, artifact: kept, observedIgnore: kept ? previous.observedIgnore : undefined },
      { failures, requeueAfterMs: retryBackoff(failures), event: { severity: 'error', reason, message } },
    );
  };

  let secret: GitSecret | undefined;
  if (spec.secretRef) {
    const name = spec.secretRef.name;
    const shown = input.namespace ? `${input.namespace}/${name}` : name;
    try {
      secret = await input.secrets?.(name);
    } catch (err) {
      return fail('FetchFailed', 'AuthenticationFailed', `failed to get secret '${shown}': ${(err as Error).message}`);
    }
    if (!secret) return fail('FetchFailed', 'AuthenticationFailed', `failed to get secret '${shown}': not found`);
  }
  let ssh;
  if (spec.url.startsWith('ssh://')) {
    const shown = spec.secretRef ? (input.namespace ? `${input.namespace}/${spec.secretRef.name}` : spec.secretRef.name) : undefined;
    const auth = sshAuthOptions(secret?.ssh, shown);
    if (!auth.ok) return fail('FetchFailed', 'AuthenticationFailed', auth.message);
    ssh = auth.ssh;
  }

  const timeout = parseGoDuration(spec.timeout);
  const timeoutMs = timeout.ok ? durationMs(timeout.value) : 60_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new GitTransportError('timeout', `timeout of ${spec.timeout} exceeded`)), timeoutMs);
  const stop = () => controller.abort(new GitTransportError('timeout', 'reconciliation aborted'));
  if (input.signal?.aborted) stop();
  input.signal?.addEventListener('abort', stop, { once: true });
  const remote = ssh
    ? { url: spec.url, signal: controller.signal, ssh }
    : { url: spec.url, signal: controller.signal, ...(secret?.credentials ? { credentials: secret.credentials } : {}), ...(secret?.caCert ? { caCert: secret.caCert } : {}) };
  const gitFailure = (err: unknown): GitRepositoryReconcileResult => {
    const e = err instanceof GitTransportError ? err : new GitTransportError('protocol', (err as Error).message);
    // source-controller gives every clone failure, refused credentials included, GitOperationFailed;
    // AuthenticationFailed is only for a secret it cannot read or use.
    return fail('FetchFailed', 'GitOperationFailed', `failed to checkout and determine revision: unable to clone '${url}' (${describeRef(ref)}): ${e.message}`);
  };

  let fetched: FetchedCommit | undefined;
  try {
    let t = performance.now();
    let resolved;
    try {
      resolved = resolveRef(ref, await transport.listRefs(remote), semver);
    } catch (err) {
      return gitFailure(err);
    } finally {
      timings.resolveMs = performance.now() - t;
    }
    if (!resolved.ok) return gitFailure(new GitTransportError('ref-not-found', resolved.message));

    const revision = gitRevision(ref, resolved.tag, resolved.commit);
    const ready = (artifact: ArtifactStatus) => [
      condition('Ready', 'True', 'Succeeded', `stored artifact for revision '${artifact.revision}'`),
      condition('ArtifactInStorage', 'True', 'Succeeded', `stored artifact for revision '${artifact.revision}'`),
    ];
    const requeueAfterMs = () => {
      const interval = parseGoDuration(spec.interval);
      return jitteredInterval(interval.ok ? durationMs(interval.value) : 60_000, random);
    };

    // Flux announces a success after failures even when the artifact stays the same (FailureRecovery: a
    // failure condition before, none now), with reason Succeeded.
    const recovered = previous.conditions?.some((c) => (c.type === 'FetchFailed' || c.type === 'StorageOperationFailed') && c.status === 'True') ?? false;
    const recovery = (message: string, artifactRevision: string): SourceEvent | undefined => (recovered ? { severity: 'info', reason: 'Succeeded', message, revision: artifactRevision } : undefined);

    if (kept && kept.revision === revision && (previous.observedIgnore ?? undefined) === (spec.ignore ?? undefined)) {
      // Flux: "no changes since last reconciliation" — nothing fetched, the stored artifact stands. Without a
      // fetched commit Flux names the commit by its revision.
      // Otherwise it records the no-change itself as a Kubernetes Event only: a branch, tag or ref name is
      // checked against the last commit before cloning (GitOperationSucceeded); a semver range or a commit is
      // cloned and the artifact found current (ArtifactUpToDate).
      const cloned = ref.kind === 'semver' || ref.kind === 'commit';
      const event: SourceEvent = recovery(`stored artifact for commit '${kept.revision}'`, kept.revision) ?? {
        severity: 'trace',
        reason: cloned ? 'ArtifactUpToDate' : 'GitOperationSucceeded',
        message: cloned ? `artifact up-to-date with remote revision: '${kept.revision}'` : `no changes since last reconciliation: observed revision '${kept.revision}'`,
        revision: kept.revision,
      };
      return finish('unchanged', { observedGeneration: generation, conditions: ready(kept), artifact: kept, observedIgnore: spec.ignore }, { failures: 0, requeueAfterMs: requeueAfterMs(), event });
    }

    t = performance.now();
    try {
      fetched = await transport.fetchCommit(remote, resolved.target);
    } catch (err) {
      return gitFailure(err);
    } finally {
      timings.fetchMs = performance.now() - t;
    }
    const fetchedRevision = gitRevision(ref, resolved.tag, fetched.commit);

    t = performance.now();
    let stored;
    try {
      const source = fetched;
      const plan = await planArchive({ entries: source.entries, readBlob: (oid) => source.readBlob(oid), specIgnore: spec.ignore });
      stored = await store.put(archiveStream(plan, (oid) => source.readBlob(oid)));
    } catch (err) {
      const why = err instanceof ArchiveError ? err.message : `unable to archive artifact to storage: ${(err as Error).message}`;
      return fail('StorageOperationFailed', 'ArchiveOperationFailed', why);
    } finally {
      timings.archiveMs = performance.now() - t;
    }

    const artifact: ArtifactStatus = {
      revision: fetchedRevision,
      digest: stored.digest,
      size: stored.size,
      url: input.artifactUrl(stored),
      path: stored.key,
      lastUpdateTime: now(),
    };
    // Against what the status said before (even if the file had vanished): consumers care about the name.
    const before = previous.artifact;
    const changed = !before || before.revision !== artifact.revision || before.digest !== artifact.digest;
    const subject = fetched.message.split('\n')[0] ?? '';
    const message = `stored artifact for commit '${subject.length > 50 ? `${subject.slice(0, 50)}...` : subject}'`;
    const event: SourceEvent | undefined = !before || before.digest !== artifact.digest ? { severity: 'info', reason: 'NewArtifact', message, revision: artifact.revision } : recovery(message, artifact.revision);
    return finish(changed ? 'new-artifact' : 'unchanged', { observedGeneration: generation, conditions: ready(artifact), artifact, observedIgnore: spec.ignore }, { failures: 0, requeueAfterMs: requeueAfterMs(), event });
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', stop);
    await fetched?.dispose().catch(() => undefined);
  }
}
