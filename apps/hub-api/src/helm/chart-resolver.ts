import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { HelmRelease } from '@flotilla/prisma/client';
import type { ArtifactStore } from '@flotilla/git-source';
import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { FLUX_KINDS, MAX_CHART_BYTES, type HelmIndex } from '@flotilla/reconcile-core';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { GitRepositoriesRepository } from '../sources/git-repositories.repository.js';
import { OciRepositoriesRepository } from '../oci-sources/oci-repositories.repository.js';
import { ociArtifactOf } from '../oci-sources/oci-repository-row.js';
import { chartMetadata, chartWithValuesFiles, packageChart, readChartFromArtifact } from './git-chart.js';
import { chartFromOciArtifact } from './oci-artifact-chart.js';
import { chooseChart, pullChart, storedIndex, type ChartFailure, type PulledChart } from './chart-archive.js';
import { chartOf, type ChartState } from './helm-release-chart.js';
import { HelmReleasesRepository } from './helm-releases.repository.js';
import { HelmRepositoriesRepository, type HelmRepositoryRow } from './helm-repositories.repository.js';
import { repositoryArtifactOf } from './helm-repository-artifact.js';
import { pullOciRepositoryChart } from './oci-chart-pull.js';

// The chart of a hub HelmRelease, resolved once for the fleet as source-controller builds a HelmChart from a
// HelmRepository: the highest version `chart.spec.version` accepts in the stored index, downloaded under the
// 10 MiB limit and stored in the artifact store. Every cluster then installs that same archive. A failure (no
// version in range, a download refused) is recorded with source-controller's reason and keeps the last chart.
// From a HelmRepository of type oci (no index) the version is chosen among the registry's tags of
// `<url>/<chart>` on each of the repository's intervals, as a HelmChart polls its registry.
// A chart from a hub GitRepository is packaged from its stored artifact instead (git-chart.ts), again after each
// new artifact of that repository, as source-controller rebuilds a HelmChart when its source's revision moves.
// A release with `chartRef` to a hub OCIRepository takes that source's current artifact as its chart
// (oci-artifact-chart.ts), again after each new artifact of it, as helm-controller reads the OCIRepository's.

type SourceRef = { kind: string; namespace: string; name: string; chart: string; version: string; valuesFiles: string[] };
type OciChartRef = { kind: 'OCIRepository'; namespace: string; name: string };

@Injectable()
export class ChartResolver implements OnApplicationBootstrap, OnApplicationShutdown {
  private off: (() => void) | undefined;

  constructor(
    private readonly releases: HelmReleasesRepository,
    private readonly repositories: HelmRepositoriesRepository,
    private readonly gitRepositories: GitRepositoriesRepository,
    private readonly ociRepositories: OciRepositoriesRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.off = this.events.on('source.artifactChanged', ({ sourceId }) => {
      void this.resolveForSource(sourceId).catch((err: unknown) => this.log.error('helm chart packaging failed', { sourceId, error: String(err) }));
    });
  }

  onApplicationShutdown(): void {
    this.off?.();
  }

  /** After a fetch of the repository's index (or the interval of one of type oci): every release using it. */
  async resolveForRepository(repo: HelmRepositoryRow, index: HelmIndex | undefined): Promise<void> {
    for (const release of await this.releases.usingRepository(FLUX_KINDS.HelmRepository.kind, repo.namespace, repo.name)) await this.resolve(release, repo, index);
  }

  /** After a new artifact of a hub GitRepository (every release whose chart is in it) or OCIRepository (every release whose chartRef names it). */
  async resolveForSource(sourceId: string): Promise<void> {
    const git = await this.gitRepositories.findById(sourceId);
    const oci = git ? null : await this.ociRepositories.findById(sourceId);
    const using = git ? await this.releases.usingRepository(FLUX_KINDS.GitRepository.kind, git.namespace, git.name) : oci ? await this.ociRepositories.helmReleasesUsing(oci.namespace, oci.name) : [];
    for (const release of using) await this.resolveRelease(release.id);
  }

  /** After a release was written: from the index the hub already holds (a repository not fetched yet resolves it later). */
  async resolveRelease(releaseId: string): Promise<void> {
    const release = await this.releases.findById(releaseId);
    if (!release) return;
    const chartRef = this.chartRefOf(release);
    if (chartRef) return this.chartFromOci(release, chartRef);
    const ref = this.sourceOf(release);
    if (!ref) return;
    if (ref.kind === FLUX_KINDS.GitRepository.kind) return this.packageFromGit(release, ref);
    const repo = await this.repositories.findByName(ref.namespace, ref.name);
    if (!repo) return this.record(release, { reason: 'SourceUnavailable', message: `failed to get source: HelmRepository '${ref.namespace}/${ref.name}' not found` });
    if (repo.type === 'oci') return this.resolve(release, repo, undefined);
    const index = await storedIndex(this.store, repo);
    if (!index.ok) return this.record(release, index);
    await this.resolve(release, repo, index.index);
  }

  private sourceOf(release: HelmRelease): SourceRef | undefined {
    const spec = helmReleaseSpec.safeParse(release.spec);
    const t = spec.success ? spec.data.chart?.spec : undefined;
    return t ? { kind: t.sourceRef.kind, namespace: t.sourceRef.namespace ?? release.namespace, name: t.sourceRef.name, chart: t.chart, version: t.version, valuesFiles: t.valuesFiles ?? [] } : undefined;
  }

  private chartRefOf(release: HelmRelease): OciChartRef | undefined {
    const spec = helmReleaseSpec.safeParse(release.spec);
    const ref = spec.success ? spec.data.chartRef : undefined;
    return ref?.kind === FLUX_KINDS.OCIRepository.kind ? { kind: ref.kind, namespace: ref.namespace ?? release.namespace, name: ref.name } : undefined;
  }

  /** The OCIRepository's current artifact as the chart, with the revision it reports (the same artifact gives the same digest). */
  private async chartFromOci(release: HelmRelease, ref: OciChartRef): Promise<void> {
    const repo = await this.ociRepositories.findByName(ref.namespace, ref.name);
    if (!repo) return this.record(release, { reason: 'ArtifactFailed', message: `could not get Source object: OCIRepository '${ref.namespace}/${ref.name}' not found` });
    const source = ociArtifactOf(repo.status);
    if (!source || !(await this.store.has(source.digest))) return this.record(release, { reason: 'ArtifactFailed', message: `no artifact available for OCIRepository source '${ref.namespace}/${ref.name}'` });
    const chart = await chartFromOciArtifact(this.store, source.digest, `${ref.namespace}/${ref.name}`);
    if (!chart.ok) return this.record(release, chart);
    const current = chartOf(release.chart);
    if (current.artifact?.digest === chart.digest && current.artifact.indexRevision === source.revision && !current.failure) return;
    this.log.info('helm chart taken from an oci repository for the fleet', { helmReleaseId: release.id, chart: chart.name, version: chart.version, revision: source.revision, digest: chart.digest, size: chart.size });
    await this.write(release, { artifact: { name: chart.name, version: chart.version, digest: chart.digest, size: chart.size, indexRevision: source.revision } });
  }

  /** The chart directory of the GitRepository's stored artifact, packaged (the same files give the same digest). */
  private async packageFromGit(release: HelmRelease, ref: SourceRef): Promise<void> {
    const repo = await this.gitRepositories.findByName(ref.namespace, ref.name);
    if (!repo) return this.record(release, { reason: 'SourceUnavailable', message: `failed to get source: GitRepository '${ref.namespace}/${ref.name}' not found` });
    const source = repositoryArtifactOf(repo.status);
    if (!source || !(await this.store.has(source.digest))) return this.record(release, { reason: 'NoSourceArtifact', message: `no artifact available for GitRepository source '${ref.name}'` });
    const tree = await readChartFromArtifact(await this.store.get(source.digest), ref);
    const chart = chartWithValuesFiles(tree, ref);
    if (!chart.ok) return this.record(release, { reason: 'ChartPackageFailed', message: `chart package error: ${chart.message}` });
    const files = chart.files;
    const meta = chartMetadata(files, ref.chart);
    if (!meta.ok) return this.record(release, meta);
    const archive = await packageChart(meta.name, files);
    if (archive.length > MAX_CHART_BYTES) return this.record(release, { reason: 'ChartPackageFailed', message: `chart package error: the packaged chart is larger than ${MAX_CHART_BYTES} bytes` });
    const current = chartOf(release.chart);
    const stored = await this.store.put(archive);
    if (current.artifact?.digest === stored.digest && current.artifact.indexRevision === source.revision && !current.failure) return;
    this.log.info('helm chart packaged from git for the fleet', { helmReleaseId: release.id, chart: meta.name, version: meta.version, revision: source.revision, digest: stored.digest, size: stored.size });
    await this.write(release, { artifact: { name: meta.name, version: meta.version, digest: stored.digest, size: stored.size, indexRevision: source.revision } });
  }

  private async resolve(release: HelmRelease, repo: HelmRepositoryRow, index: HelmIndex | undefined): Promise<void> {
    const ref = this.sourceOf(release);
    if (!ref) return;
    const state = chartOf(release.chart);
    const current = state.artifact?.name === ref.chart ? state.artifact : undefined;
    const deps = { store: this.store, box: this.box, policy: this.policy };
    let stored: PulledChart | ChartFailure;
    if (repo.type === 'oci') {
      stored = await pullOciRepositoryChart(deps, repo, ref.chart, ref.version, current);
    } else {
      if (!index) return;
      const chosen = chooseChart(repo, index, ref.chart, ref.version);
      if (!chosen.ok) return this.record(release, chosen);
      stored = current && current.version === chosen.version && (await this.store.has(current.digest)) ? { ok: true, version: current.version, digest: current.digest, size: current.size } : await pullChart(deps, repo, chosen);
    }
    if (!stored.ok) return this.record(release, stored);
    if (current && current.version === stored.version && current.digest === stored.digest) {
      if (state.failure) await this.write(release, { artifact: current });
      return;
    }
    const indexRevision = repo.type === 'oci' ? '' : (repositoryArtifactOf(repo.status)?.revision ?? '');
    this.log.info('helm chart pulled for the fleet', { helmReleaseId: release.id, chart: ref.chart, version: stored.version, digest: stored.digest, size: stored.size });
    await this.write(release, { artifact: { name: ref.chart, version: stored.version, digest: stored.digest, size: stored.size, indexRevision } });
  }

  private async record(release: HelmRelease, { reason, message }: { reason: string; message: string }): Promise<void> {
    const failure = { reason, message };
    const state = chartOf(release.chart);
    if (state.failure?.reason === failure.reason && state.failure.message === failure.message) return;
    this.log.warn('helm chart not resolved', { helmReleaseId: release.id, namespace: release.namespace, name: release.name, ...failure });
    await this.write(release, { ...(state.artifact ? { artifact: state.artifact } : {}), failure: { ...failure, at: this.clock.now().toISOString() } });
  }

  private async write(release: HelmRelease, state: ChartState): Promise<void> {
    await this.releases.setChart(release.id, state as unknown as Prisma.InputJsonValue);
    this.events.emit('helmRelease.changed', { helmReleaseId: release.id });
  }
}
