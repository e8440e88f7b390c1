import { failedConditions, FLUX_KINDS, MAX_INDEX_BYTES, parseHelmIndex, progressingConditions, succeededConditions } from '@flotilla/reconcile-core';
import { helmRepositorySpec } from '@flotilla/protocol/flux';
import { durationOr } from '../../../helm/durations.js';
import { type HelmArtifactStorage, HELM_ARTIFACTS_KEPT, sha256Digest } from '../../../helm/helm-artifact-storage.js';
import { httpGet } from '../../../helm/http-get.js';
import { readRepositoryCredentials } from '../../../helm/repository-credentials.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { jittered } from '../../../reconcile/index.js';
import type { FluxEvent, FluxObject, KindReconciler, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';

// HelmRepository objects of `type: default` (an HTTP index.yaml), fetched by the agent as source-controller
// fetches them: the index with the Secret's basic auth and TLS, under a size limit, stored as an artifact whose
// revision is the sha256 digest of the index. A failed fetch keeps the last artifact, so HelmCharts built from
// it keep working.

const DEFAULT_INTERVAL_MS = 10 * 60_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export interface HelmRepositoryReconcilerOptions {
  kube: KubeClient;
  storage: HelmArtifactStorage;
  maxIndexBytes?: number;
  random?: () => number;
}

export interface StatusArtifact {
  path: string;
  url: string;
  revision: string;
  digest: string;
  lastUpdateTime: string;
  size: number;
}

export function statusArtifactOf(status: Record<string, unknown> | undefined): StatusArtifact | undefined {
  const a = status?.artifact;
  return isRecord(a) && typeof a.path === 'string' && typeof a.revision === 'string' && typeof a.digest === 'string' ? (a as unknown as StatusArtifact) : undefined;
}

/** A HelmRepository of type oci: a registry prefix the HelmCharts pull from, not an index. */
export const isOciRepository = (repo: FluxObject): boolean => (repo.spec as { type?: unknown } | undefined)?.type === 'oci';

const formatSize = (n: number): string => (n < 1000 ? `${n} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`);

export function createHelmRepositoryReconciler(opts: HelmRepositoryReconcilerOptions): KindReconciler {
  const maxBytes = opts.maxIndexBytes ?? MAX_INDEX_BYTES;
  return {
    kind: FLUX_KINDS.HelmRepository,

    async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
      const namespace = obj.metadata?.namespace ?? 'default';
      const name = obj.metadata?.name ?? '';
      const generation = obj.metadata?.generation ?? 1;
      const previous = obj.status;
      const artifact = statusArtifactOf(previous);
      const fail = (reason: string, message: string, o: { stalled?: boolean; type?: 'FetchFailed' | 'BuildFailed' } = {}): ReconcileResult => ({
        status: {
          ...(o.stalled ? { observedGeneration: generation } : {}),
          conditions: failedConditions(previous, { type: o.type ?? 'FetchFailed', reason, message, artifactKept: artifact !== undefined, ...(o.stalled ? { stalled: true } : {}) }, ctx.now()),
          ...(artifact ? { artifact, url: artifact.url } : {}),
        },
        events: [{ type: 'Warning', reason, message }],
        ...(o.stalled ? {} : { failed: true }),
      });

      const parsed = helmRepositorySpec.safeParse(obj.spec ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail('InvalidSpec', `invalid spec: ${issue?.path.map(String).join('.') || 'spec'}: ${issue?.message ?? 'invalid'}`, { stalled: true });
      }
      const spec = parsed.data;
      // An OCI repository is a static object, as source-controller keeps it: no fetch, no artifact, no
      // conditions; the HelmCharts that name it pull from the registry themselves.
      if (spec.type === 'oci') return { status: {}, events: [] };
      if (spec.url.startsWith('oci://')) return fail('URLInvalid', `invalid Helm repository URL: an oci:// URL needs spec.type oci`, { stalled: true });
      if (spec.insecure) return fail('UnsupportedSpec', 'spec.insecure applies to OCI repositories only', { stalled: true });
      const intervalMs = durationOr(spec.interval, DEFAULT_INTERVAL_MS);
      const timeoutMs = durationOr(spec.timeout, DEFAULT_TIMEOUT_MS, 'sourceTimeout');

      if (!artifact || previous?.observedGeneration !== generation) {
        await ctx.progress({ ...previous, conditions: progressingConditions(previous, artifact ? `processing object: new generation ${String(previous?.observedGeneration ?? -1)} -> ${generation}` : 'building artifact', ctx.now()) });
      }

      const creds = await readRepositoryCredentials(opts.kube, namespace, spec);
      if (!creds.ok) return fail('AuthenticationFailed', creds.message);
      const indexUrl = `${spec.url.replace(/\/+$/, '')}/index.yaml`;
      const got = await httpGet(indexUrl, { ...creds.credentials, ...(spec.passCredentials ? { passCredentials: true } : {}), maxBytes, timeoutMs, signal: ctx.signal });
      if (!got.ok) return fail('IndexationFailed', `failed to fetch Helm repository index: failed to cache index to temporary file: ${got.message}`);
      const index = parseHelmIndex(got.body);
      if (!index.ok) return fail('IndexationFailed', `failed to fetch Helm repository index: ${index.message}`);

      const digest = sha256Digest(got.body);
      const events: FluxEvent[] = [];
      let next = artifact;
      if (!artifact || artifact.digest !== digest || !(await opts.storage.read('helmrepository', { namespace, name }, artifact.path, artifact.digest)).ok) {
        const stored = await opts.storage.write('helmrepository', { namespace, name }, `index-${digest.slice('sha256:'.length)}.yaml`, got.body);
        next = { path: stored.path, url: stored.url, revision: digest, digest, lastUpdateTime: ctx.now().toISOString().replace(/\.\d+Z$/, 'Z'), size: stored.size };
        await opts.storage.retain('helmrepository', { namespace, name }, [stored.path, artifact?.path].filter((p): p is string => p !== undefined).slice(0, HELM_ARTIFACTS_KEPT));
        events.push({ type: 'Normal', reason: 'NewArtifact', message: `stored fetched index of size ${formatSize(stored.size)} from '${spec.url}'`, revision: digest });
      }
      const done = next as StatusArtifact;
      return {
        status: { observedGeneration: generation, conditions: succeededConditions(previous, `stored artifact: revision '${done.revision}'`, ctx.now()), artifact: done, url: done.url },
        events,
        requeueAfterMs: jittered(intervalMs, opts.random),
      };
    },

    async finalize(obj: FluxObject): Promise<{ events: FluxEvent[] }> {
      if (obj.metadata?.name) await opts.storage.removeAll('helmrepository', { namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name });
      return { events: [] };
    },
  };
}
