import { chartDownloadUrl, failedConditions, FLUX_KINDS, type FluxKindIdentity, MAX_CHART_BYTES, parseHelmIndex, progressingConditions, selectChartVersion, type SourceFailureType, succeededConditions } from '@flotilla/reconcile-core';
import { helmChartSpec, helmRepositorySpec, type HelmChartSpec } from '@flotilla/protocol/flux';
import { chartMetadata, packageChart, subtree } from '../../../helm/chart-package.js';
import { durationOr } from '../../../helm/durations.js';
import { type HelmArtifactStorage, HELM_ARTIFACTS_KEPT, sha256Digest } from '../../../helm/helm-artifact-storage.js';
import type { HelmCli } from '../../../helm/helm-cli.js';
import { httpGet } from '../../../helm/http-get.js';
import { readRepositoryCredentials } from '../../../helm/repository-credentials.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import type { FileTree } from '@flotilla/git-source';
import { openArtifact } from '@flotilla/git-source';
import { jittered } from '../../../reconcile/index.js';
import type { ArtifactOpener, FluxEvent, FluxObject, KindReconciler, KindWatch, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';
import { isOciRepository, statusArtifactOf, type StatusArtifact } from '../helm-repository/helm-repository-reconciler.js';
import { pullOciChart } from './oci-chart-pull.js';

// HelmCharts as source-controller builds them: from a HelmRepository, the highest version of the chart that
// `spec.version` accepts, downloaded under a size limit (revision: the chart version); from a GitRepository or
// a Bucket, the chart at `spec.chart` (a path) packaged with the real `helm package` (revision: Chart.yaml's
// version, with `+<first 12 characters of the commit, or of the Bucket's digest>` under the Revision strategy). `valuesFiles` are merged in order into
// the packaged chart's values.yaml. A failure keeps the last artifact.

const DEFAULT_INTERVAL_MS = 10 * 60_000;
const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface HelmChartReconcilerOptions {
  kube: KubeClient;
  storage: HelmArtifactStorage;
  helm: HelmCli;
  /** Scratch space for packaging (inside the agent's cache directory). */
  workDir: string;
  /** Opens a GitRepository's artifact (the agent's own storage). */
  gitOpener?: ArtifactOpener;
  /** Opens a Bucket's artifact (the agent's own storage). */
  bucketOpener?: ArtifactOpener;
  maxChartBytes?: number;
  random?: () => number;
}

type Failure = { reason: string; message: string; type?: SourceFailureType; stalled?: boolean; retryAfterMs?: number };
/** `sourceRevision` is empty for a chart pulled from an OCI registry: there is no source artifact. */
type Built = { bytes: Uint8Array; name: string; version: string; revision: string; valuesFiles: string[]; sourceRevision: string } | { unchanged: true; name: string; sourceRevision: string };

function sourceOf(chart: FluxObject): { kind: string; name: string } | undefined {
  const ref = chart.spec?.sourceRef as { kind?: unknown; name?: unknown } | undefined;
  return typeof ref?.kind === 'string' && typeof ref.name === 'string' ? { kind: ref.kind, name: ref.name } : undefined;
}

/** The commit (or other checksum) of a source revision such as `main@sha1:<hex>`. */
const revisionChecksum = (revision: string): string => revision.slice(revision.lastIndexOf(':') + 1);

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export function createHelmChartReconciler(opts: HelmChartReconcilerOptions): KindReconciler {
  const maxBytes = opts.maxChartBytes ?? MAX_CHART_BYTES;
  const followSource = (kind: FluxKindIdentity): KindWatch => ({
    kind,
    affected: ({ object, previous, deleted }, lookup) => {
      if (!deleted && previous && statusArtifactOf(previous.status)?.digest === statusArtifactOf(object.status)?.digest) return [];
      return lookup.list(FLUX_KINDS.HelmChart).filter((c) => c.metadata?.namespace === object.metadata?.namespace && sourceOf(c)?.kind === kind.kind && sourceOf(c)?.name === object.metadata?.name);
    },
  });

  async function fromRepository(repo: FluxObject, spec: HelmChartSpec, previous: Record<string, unknown> | undefined, ctx: ReconcileContext): Promise<Built | Failure> {
    const namespace = repo.metadata?.namespace ?? 'default';
    const repoArtifact = statusArtifactOf(repo.status);
    if (!repoArtifact) return { reason: 'NoSourceArtifact', message: `no artifact available for HelmRepository source '${repo.metadata?.name}'`, type: 'FetchFailed', retryAfterMs: 10_000 };
    const read = await opts.storage.read('helmrepository', { namespace, name: repo.metadata?.name ?? '' }, repoArtifact.path, repoArtifact.digest);
    if (!read.ok) return { reason: 'NoSourceArtifact', message: `no artifact available for HelmRepository source '${repo.metadata?.name}': ${read.message}`, type: 'FetchFailed', retryAfterMs: 10_000 };
    const index = parseHelmIndex(read.bytes);
    if (!index.ok) return { reason: 'ChartPullFailed', message: index.message, type: 'BuildFailed' };
    const versions = index.index.entries[spec.chart] ?? [];
    if (versions.length === 0) return { reason: 'ChartPullFailed', message: `invalid chart reference: failed to get chart version for remote reference: no chart name found: ${spec.chart}`, type: 'BuildFailed' };
    const chosen = selectChartVersion(spec.chart, spec.version, versions.map((v) => v.version));
    if (!chosen.ok) return { reason: 'ChartPullFailed', message: chosen.message, type: 'BuildFailed' };
    const current = statusArtifactOf(previous);
    if (current && current.revision === chosen.version && previous?.observedChartName === spec.chart && sameList(previous?.observedValuesFiles as string[] | undefined, spec.valuesFiles)) {
      return { unchanged: true, name: spec.chart, sourceRevision: repoArtifact.revision };
    }
    const entry = versions.find((v) => v.version === chosen.version);
    const chartUrl = entry && chartDownloadUrl(String((repo.spec as { url?: unknown } | undefined)?.url ?? ''), entry);
    if (!chartUrl) return { reason: 'ChartPullFailed', message: `chart pull error: chart '${spec.chart}' version '${chosen.version}' has no downloadable URL`, type: 'BuildFailed' };
    const repoUrl = String((repo.spec as { url?: unknown } | undefined)?.url ?? '').replace(/\/+$/, '');
    const creds = await readRepositoryCredentials(opts.kube, namespace, (repo.spec ?? {}) as { secretRef?: { name: string }; certSecretRef?: { name: string } });
    if (!creds.ok) return { reason: 'AuthenticationFailed', message: creds.message, type: 'FetchFailed' };
    const got = await httpGet(chartUrl, { ...creds.credentials, credentialsOrigin: new URL(repoUrl).origin, ...((repo.spec as { passCredentials?: boolean }).passCredentials ? { passCredentials: true } : {}), maxBytes, timeoutMs: DOWNLOAD_TIMEOUT_MS, signal: ctx.signal });
    if (!got.ok) return { reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${got.message}`, type: 'BuildFailed' };
    if (!spec.valuesFiles?.length) return { bytes: new Uint8Array(got.body), name: spec.chart, version: chosen.version, revision: chosen.version, valuesFiles: [], sourceRevision: repoArtifact.revision };
    const opened = openArtifact({ kind: 'tarball', revision: chosen.version, digest: sha256Digest(got.body), bytes: new Uint8Array(got.body) });
    if (!opened.ok) return { reason: 'ChartPackageFailed', message: `chart package error: ${opened.message}`, type: 'BuildFailed' };
    return repackage(subtree(opened.files, spec.chart), spec, chosen.version, repoArtifact.revision, ctx);
  }

  async function fromOciRepository(repo: FluxObject, spec: HelmChartSpec, previous: Record<string, unknown> | undefined, ctx: ReconcileContext): Promise<Built | Failure> {
    const repoSpec = helmRepositorySpec.safeParse(repo.spec ?? {});
    if (!repoSpec.success) return { reason: 'NoSourceArtifact', message: `HelmRepository '${repo.metadata?.name}' has an invalid spec`, type: 'FetchFailed', retryAfterMs: 10_000 };
    const current = statusArtifactOf(previous);
    const same = current && previous?.observedChartName === spec.chart && sameList(previous?.observedValuesFiles as string[] | undefined, spec.valuesFiles);
    const timeoutMs = durationOr(repoSpec.data.timeout, DOWNLOAD_TIMEOUT_MS, 'sourceTimeout');
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    const pulled = await pullOciChart(opts.kube, repo.metadata?.namespace ?? 'default', repoSpec.data, spec, { maxBytes, signal, ...(same ? { current: current.revision } : {}) });
    if (!pulled.ok) return pulled.verification ? { reason: pulled.reason, message: pulled.message, type: 'SourceVerified' } : { reason: pulled.reason, message: pulled.message, type: pulled.type };
    if ('unchanged' in pulled) return { unchanged: true, name: spec.chart, sourceRevision: '' };
    if (!spec.valuesFiles?.length) return { bytes: pulled.bytes, name: spec.chart, version: pulled.version, revision: pulled.version, valuesFiles: [], sourceRevision: '' };
    const opened = openArtifact({ kind: 'tarball', revision: pulled.version, digest: sha256Digest(pulled.bytes), bytes: pulled.bytes });
    if (!opened.ok) return { reason: 'ChartPackageFailed', message: `chart package error: ${opened.message}`, type: 'BuildFailed' };
    return repackage(subtree(opened.files, spec.chart), spec, pulled.version, '', ctx);
  }

  async function repackage(files: FileTree, spec: HelmChartSpec, version: string | undefined, sourceRevision: string, ctx: ReconcileContext, valuesSource?: FileTree): Promise<Built | Failure> {
    const packaged = await packageChart(opts.helm, opts.workDir, { files, ...(valuesSource ? { valuesSource } : {}), ...(spec.valuesFiles ? { valuesFiles: spec.valuesFiles } : {}), ...(spec.ignoreMissingValuesFiles ? { ignoreMissingValuesFiles: true } : {}), ...(version ? { version } : {}) }, ctx.signal);
    if (!packaged.ok) return { reason: packaged.reason === 'ValuesFilesError' ? 'ChartPackageFailed' : packaged.reason, message: packaged.message, type: 'BuildFailed' };
    if (packaged.bytes.byteLength > maxBytes) return { reason: 'ChartPackageFailed', message: `chart package error: size of ${packaged.bytes.byteLength} bytes exceeds the limit of ${maxBytes} bytes`, type: 'BuildFailed' };
    return { bytes: packaged.bytes, name: packaged.name, version: packaged.version, revision: packaged.version, valuesFiles: packaged.valuesFiles, sourceRevision };
  }

  /** A chart directory in a GitRepository's or a Bucket's artifact, packaged. */
  async function fromTarball(kind: 'GitRepository' | 'Bucket', source: FluxObject, spec: HelmChartSpec, previous: Record<string, unknown> | undefined, ctx: ReconcileContext): Promise<Built | Failure> {
    const a = statusArtifactOf(source.status);
    const opener = kind === 'Bucket' ? opts.bucketOpener : opts.gitOpener;
    if (!a || !opener) return { reason: 'NoSourceArtifact', message: `no artifact available for ${kind} source '${source.metadata?.name}'`, type: 'FetchFailed', retryAfterMs: 10_000 };
    const current = statusArtifactOf(previous);
    if (current && previous?.observedSourceArtifactRevision === a.revision && previous?.observedChartName === spec.chart && sameList(previous?.observedValuesFiles as string[] | undefined, spec.valuesFiles)) {
      return { unchanged: true, name: String(previous?.observedChartName), sourceRevision: a.revision };
    }
    const opened = await opener(source, a);
    if (!opened.ok) return { reason: 'NoSourceArtifact', message: opened.message, type: 'FetchFailed', retryAfterMs: 10_000 };
    const tree = openArtifact(opened.artifact);
    if (!tree.ok) return { reason: 'ChartPackageFailed', message: `chart package error: ${tree.message}`, type: 'BuildFailed' };
    const files = subtree(tree.files, spec.chart);
    const meta = chartMetadata(files);
    if (!meta) return { reason: 'ChartPackageFailed', message: `chart package error: no Chart.yaml found at path '${spec.chart}'`, type: 'BuildFailed' };
    // Under the Revision strategy every commit (every Bucket revision) is a new chart version, as in source-controller.
    const version = spec.reconcileStrategy === 'Revision' ? `${meta.version}+${revisionChecksum(a.revision).slice(0, 12)}` : undefined;
    if (!version && current && current.revision === meta.version && previous?.observedChartName === meta.name && sameList(previous?.observedValuesFiles as string[] | undefined, spec.valuesFiles)) {
      return { unchanged: true, name: meta.name, sourceRevision: a.revision };
    }
    return repackage(files, spec, version, a.revision, ctx, tree.files);
  }

  return {
    kind: FLUX_KINDS.HelmChart,
    watches: [followSource(FLUX_KINDS.HelmRepository), followSource(FLUX_KINDS.GitRepository), followSource(FLUX_KINDS.Bucket)],

    async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
      const namespace = obj.metadata?.namespace ?? 'default';
      const name = obj.metadata?.name ?? '';
      const generation = obj.metadata?.generation ?? 1;
      const previous = obj.status;
      const artifact = statusArtifactOf(previous);
      const kept = { ...(artifact ? { artifact, url: artifact.url } : {}), ...Object.fromEntries(['observedChartName', 'observedSourceArtifactRevision', 'observedValuesFiles'].filter((k) => previous?.[k] !== undefined).map((k) => [k, previous?.[k]])) };
      const fail = (f: Failure): ReconcileResult => ({
        status: { ...kept, ...(f.stalled ? { observedGeneration: generation } : {}), conditions: failedConditions(previous, { type: f.type ?? 'BuildFailed', reason: f.reason, message: f.message, artifactKept: artifact !== undefined, ...(f.stalled ? { stalled: true } : {}) }, ctx.now()) },
        events: [{ type: 'Warning', reason: f.reason, message: f.message }],
        ...(f.stalled ? {} : f.retryAfterMs ? { failed: true, requeueAfterMs: f.retryAfterMs } : { failed: true }),
      });

      const parsed = helmChartSpec.safeParse(obj.spec ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail({ reason: 'InvalidSpec', message: `invalid spec: ${issue?.path.map(String).join('.') || 'spec'}: ${issue?.message ?? 'invalid'}`, stalled: true });
      }
      const spec = parsed.data;
      const sourceKind = FLUX_KINDS[spec.sourceRef.kind];
      const source = ctx.get(sourceKind, namespace, spec.sourceRef.name);
      if (!source) return fail({ reason: 'SourceUnavailable', message: `failed to get source: ${sourceKind.plural}.${sourceKind.group} "${spec.sourceRef.name}" not found`, type: 'FetchFailed', retryAfterMs: 10_000 });
      const fromOci = spec.sourceRef.kind === 'HelmRepository' && isOciRepository(source);
      if (spec.verify && !fromOci) return fail({ reason: 'UnsupportedSpec', message: 'spec.verify applies to charts from a HelmRepository of type oci only', stalled: true });

      if (!artifact || previous?.observedGeneration !== generation) {
        await ctx.progress({ ...previous, conditions: progressingConditions(previous, artifact ? `processing object: new generation ${String(previous?.observedGeneration ?? -1)} -> ${generation}` : 'building artifact', ctx.now()) });
      }
      const built = fromOci ? await fromOciRepository(source, spec, previous, ctx) : spec.sourceRef.kind === 'HelmRepository' ? await fromRepository(source, spec, previous, ctx) : await fromTarball(spec.sourceRef.kind, source, spec, previous, ctx);
      if ('reason' in built) return fail(built);
      const verified = spec.verify ? `verified signature of version ${'unchanged' in built ? (artifact?.revision ?? '') : built.version}` : undefined;

      const events: FluxEvent[] = [];
      let next: StatusArtifact | undefined = artifact;
      let observedValuesFiles = previous?.observedValuesFiles as string[] | undefined;
      if (!('unchanged' in built)) {
        const stored = await opts.storage.write('helmchart', { namespace, name }, `${built.name}-${built.version}.tgz`, built.bytes);
        next = { path: stored.path, url: stored.url, revision: built.revision, digest: stored.digest, lastUpdateTime: ctx.now().toISOString().replace(/\.\d+Z$/, 'Z'), size: stored.size };
        await opts.storage.retain('helmchart', { namespace, name }, [stored.path, artifact?.path].filter((p): p is string => p !== undefined).slice(0, HELM_ARTIFACTS_KEPT));
        observedValuesFiles = built.valuesFiles.length ? built.valuesFiles : undefined;
        const what = spec.sourceRef.kind === 'HelmRepository' ? `pulled '${built.name}' chart with version '${built.version}'` : `packaged '${built.name}' chart with version '${built.version}'`;
        events.push({ type: 'Normal', reason: spec.sourceRef.kind === 'HelmRepository' ? 'ChartPullSucceeded' : 'ChartPackageSucceeded', message: what, revision: built.revision });
      }
      const done = next as StatusArtifact;
      const message = spec.sourceRef.kind === 'HelmRepository' ? `pulled '${built.name}' chart with version '${done.revision}'` : `packaged '${built.name}' chart with version '${done.revision}'`;
      return {
        status: {
          observedGeneration: generation,
          conditions: succeededConditions(previous, message, ctx.now(), verified),
          artifact: done,
          url: done.url,
          observedChartName: built.name,
          ...(built.sourceRevision ? { observedSourceArtifactRevision: built.sourceRevision } : {}),
          ...(observedValuesFiles ? { observedValuesFiles } : {}),
        },
        events,
        requeueAfterMs: jittered(durationOr(spec.interval, DEFAULT_INTERVAL_MS), opts.random),
      };
    },

    async finalize(obj: FluxObject): Promise<{ events: FluxEvent[] }> {
      if (obj.metadata?.name) await opts.storage.removeAll('helmchart', { namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name });
      return { events: [] };
    },
  };
}
