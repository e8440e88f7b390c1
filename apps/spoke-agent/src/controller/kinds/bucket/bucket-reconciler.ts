import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { archiveStream, planArchive, type StoredArtifact } from '@flotilla/git-source';
import { FLUX_KINDS, durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { jittered } from '../../../reconcile/index.js';
import type { FluxEvent, FluxObject, KindReconciler, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';
import { ARTIFACTS_KEPT_PER_OBJECT, type GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { readSecretData, registryTls } from '../oci-repository/oci-credentials.js';
import { conditionOf, sourceReconcileFrame, type OciArtifact, type OciCondition, type OciRepositoryStatus } from '../oci-repository/oci-repository-status.js';
import { connectBucket, type BucketClient, type BucketConnection } from './bucket-client.js';
import { BucketFetchError, downloadIndex, indexBucket, SOURCE_IGNORE, type FetchInput } from './bucket-fetch.js';
import { indexRevision } from './bucket-index.js';
import { bucketSpecOf, endpointProblem } from './bucket-spec.js';

// Bucket objects in the cluster, fetched by the agent as source-controller fetches them: index the bucket's
// keys and ETags (with the ignore rules), and when the index's digest — the revision — differs from the stored
// artifact's, download every object and archive them. Every failure keeps the last artifact and sets
// Ready=False with source-controller's reason: AuthenticationFailed for the Secrets and the client set-up,
// BucketOperationFailed for the server's answers, ArchiveOperationFailed for storage. The keys of secretRef
// go to the S3 server only; no message, event or status carries them.

export interface BucketReconcilerOptions {
  kube: KubeClient;
  storage: GitArtifactStorage;
  /** Default: the S3 client (imported on first use). */
  connect?: (c: BucketConnection) => Promise<BucketClient>;
  random?: () => number;
}

type Failure = { type: 'FetchFailed' | 'StorageOperationFailed'; reason: string; message: string };
const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createBucketReconciler(opts: BucketReconcilerOptions): KindReconciler {
  const { kube, storage } = opts;
  const connect = opts.connect ?? connectBucket;
  const random = opts.random ?? Math.random;

  return {
    kind: FLUX_KINDS.Bucket,

    async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
      const namespace = obj.metadata?.namespace ?? 'default';
      const name = obj.metadata?.name ?? '';
      const { generation, previous, condition, finish, stalled } = sourceReconcileFrame(obj, () => ctx.now());
      const at = (): string => ctx.now().toISOString();

      const parsed = bucketSpecOf(obj.spec);
      if (!parsed.ok) return stalled(parsed.reason, parsed.message);
      const spec = parsed.spec;
      if (spec.suspend) return { status: finish(previous), events: [] };

      await storage.removeLeftovers();
      const key = { namespace, name };
      // The last artifact counts while it is in storage, intact (ArtifactInStorage).
      const kept = previous.artifact && (await storage.read(key, previous.artifact.digest)).ok ? previous.artifact : undefined;
      const inStorage = kept ? conditionOf(previous, 'ArtifactInStorage') : undefined;
      const progress = async (message: string, extra: OciCondition[] = []): Promise<void> => {
        await ctx.progress(finish({ ...previous, conditions: [condition('Ready', 'Unknown', 'Progressing', message), condition('Reconciling', 'True', 'Progressing', message), ...extra, ...(inStorage ? [inStorage] : [])] }));
      };
      if (!kept || previous.observedGeneration !== generation) {
        await progress(!kept ? 'building artifact' : `processing object: new generation ${previous.observedGeneration ?? -1} -> ${generation}`);
      }

      // Set once a new upstream revision is seen; it stays while that revision is not stored (as in Flux).
      let outdated: OciCondition | undefined;
      const fail = (f: Failure): ReconcileResult => {
        const conditions: OciCondition[] = [
          condition('Ready', 'False', f.reason, f.message),
          condition('Reconciling', 'True', 'ProgressingWithRetry', kept ? 'reconciliation in progress' : 'building artifact'),
          condition(f.type, 'True', f.reason, f.message),
          ...(outdated ? [outdated] : []),
          ...(inStorage ? [inStorage] : []),
        ];
        const status: OciRepositoryStatus = { ...previous, conditions };
        if (!kept) {
          delete status.artifact;
          delete status.url;
        }
        return { status: finish(status), events: [{ type: 'Warning', reason: f.reason, message: f.message }], failed: true };
      };

      const connection = await connectionOf(namespace, spec);
      if ('reason' in connection) return fail(connection);
      const secrets = connection.keys ? [connection.keys.accessKey, connection.keys.secretKey] : [];

      // spec.timeout bounds each phase (indexing, downloading), as source-controller's context deadlines do.
      const timeout = parseGoDuration(spec.timeout);
      const timeoutMs = timeout.ok ? durationMs(timeout.value) : 60_000;
      const phase = (): AbortSignal => AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);

      await mkdir(storage.cloneDir, { recursive: true });
      const workDir = await mkdtemp(path.join(storage.cloneDir, 'bucket-'));
      let client: BucketClient | undefined;
      let artifact: OciArtifact;
      let fetched: number;
      try {
        client = await connect(connection);
        const input = (signal: AbortSignal): FetchInput => ({ client: client as BucketClient, bucketName: spec.bucketName, prefix: spec.prefix, ignore: spec.ignore, workDir, signal, secrets, timeout: spec.timeout });
        const indexed = await indexBucket(input(phase()));
        const upstream = indexRevision(indexed.index);
        fetched = indexed.index.size;
        if (kept && kept.revision === upstream) {
          artifact = { ...kept, url: storage.urlOf({ key: kept.path }) };
        } else {
          if (kept) {
            const message = `new upstream revision '${upstream}'`;
            outdated = condition('ArtifactOutdated', 'True', 'NewRevision', message);
            await progress(`building artifact: ${message}`, [outdated]);
          }
          const files = await downloadIndex(input(phase()), indexed.index);
          fetched = indexed.index.size;
          if (indexed.sourceIgnore) files.set(SOURCE_IGNORE, indexed.sourceIgnore);
          let stored: StoredArtifact;
          try {
            const readBlob = (k: string): Promise<Uint8Array> => readFile(files.get(k) ?? '');
            const plan = await planArchive({ entries: [...files.keys()].map((k) => ({ path: k, mode: 'file' as const, oid: k })), readBlob, ignoreRules: 'none' });
            stored = await storage.storeFor(key).put(archiveStream(plan, readBlob));
          } catch (err) {
            return fail({ type: 'StorageOperationFailed', reason: 'ArchiveOperationFailed', message: `unable to archive artifact to storage: ${errorMessage(err)}` });
          }
          artifact = { revision: indexRevision(indexed.index), digest: stored.digest, size: stored.size, url: storage.urlOf(stored), path: stored.key, lastUpdateTime: at() };
          await storage.retain(key, [artifact.digest, previous.artifact?.digest].filter((d): d is string => d !== undefined).slice(0, ARTIFACTS_KEPT_PER_OBJECT));
        }
      } catch (err) {
        if (err instanceof BucketFetchError) return fail({ type: 'FetchFailed', reason: 'BucketOperationFailed', message: err.message });
        return fail({ type: 'FetchFailed', reason: 'BucketOperationFailed', message: `fetch from bucket '${spec.bucketName}' failed: ${errorMessage(err)}` });
      } finally {
        client?.close();
        await rm(workDir, { recursive: true, force: true });
      }

      const message = `stored artifact: revision '${artifact.revision}'`;
      const isNew = previous.artifact?.digest !== artifact.digest;
      const status: OciRepositoryStatus = {
        observedGeneration: generation,
        conditions: [condition('Ready', 'True', 'Succeeded', message), condition('ArtifactInStorage', 'True', 'Succeeded', message)],
        artifact,
        url: artifact.url,
        ...((isNew ? spec.ignore : previous.observedIgnore) !== undefined ? { observedIgnore: (isNew ? spec.ignore : previous.observedIgnore) as string } : {}),
      };
      const events: FluxEvent[] = [];
      const eventMessage = `stored artifact with ${fetched} fetched files from '${spec.bucketName}' bucket`;
      const recovered = previous.conditions.some((c) => (c.type === 'FetchFailed' || c.type === 'StorageOperationFailed') && c.status === 'True');
      if (isNew) events.push({ type: 'Normal', reason: 'NewArtifact', message: eventMessage, revision: artifact.revision });
      else if (recovered) events.push({ type: 'Normal', reason: 'Succeeded', message: eventMessage, revision: artifact.revision });
      const interval = parseGoDuration(spec.interval);
      return { status: finish(status), events, requeueAfterMs: jittered(interval.ok ? durationMs(interval.value) : 60_000, random) };
    },

    async finalize(obj: FluxObject): Promise<{ events: FluxEvent[] }> {
      const name = obj.metadata?.name;
      if (name) await storage.removeAll({ namespace: obj.metadata?.namespace ?? 'default', name });
      return { events: [] };
    },
  };

  /** The endpoint and what secretRef and certSecretRef hold, or why they cannot be used (AuthenticationFailed). */
  async function connectionOf(namespace: string, spec: { endpoint: string; insecure?: boolean | undefined; region?: string | undefined; bucketName: string; secretRef?: { name: string } | undefined; certSecretRef?: { name: string } | undefined }): Promise<BucketConnection | Failure> {
    const authFailed = (message: string): Failure => ({ type: 'FetchFailed', reason: 'AuthenticationFailed', message });
    let keys: BucketConnection['keys'];
    if (spec.secretRef) {
      let data: Record<string, string>;
      try {
        data = await readSecretData(kube, namespace, spec.secretRef.name);
      } catch (err) {
        return authFailed(errorMessage(err));
      }
      if (data.accesskey === undefined || data.secretkey === undefined) return authFailed(`invalid '${spec.secretRef.name}' secret data: required fields 'accesskey' and 'secretkey'`);
      // Both set, or the requests go unsigned (minio-go's static credentials need both).
      if (data.accesskey && data.secretkey) keys = { accessKey: data.accesskey, secretKey: data.secretkey };
    }
    let tls: BucketConnection['tls'];
    if (spec.certSecretRef) {
      try {
        tls = await registryTls(kube, namespace, spec.certSecretRef.name);
      } catch (err) {
        return authFailed(`failed to get TLS config: ${errorMessage(err)}`);
      }
    }
    const problem = endpointProblem(spec.endpoint);
    if (problem) return authFailed(problem);
    return { endpoint: spec.endpoint, insecure: spec.insecure === true, region: spec.region, bucketName: spec.bucketName, ...(keys ? { keys } : {}), ...(tls ? { tls } : {}) };
  }
}
