import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { HelmRelease } from '@flotilla/prisma/client';
import type { ArtifactStore } from '@flotilla/git-source';
import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { chartDownloadUrl, MAX_CHART_BYTES, parseHelmIndex, selectChartVersion, type HelmIndex } from '@flotilla/reconcile-core';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { openHelmCredentials } from './helm-credentials.js';
import { helmGet } from './helm-http.js';
import { chartOf, type ChartState } from './helm-release-chart.js';
import { HelmReleasesRepository } from './helm-releases.repository.js';
import { HelmRepositoriesRepository, type HelmRepositoryRow } from './helm-repositories.repository.js';
import { repositoryArtifactOf } from './helm-repository-artifact.js';

// The chart of a hub HelmRelease, resolved once for the fleet as source-controller builds a HelmChart from a
// HelmRepository: the highest version `chart.spec.version` accepts in the stored index, downloaded under the
// 10 MiB limit and stored in the artifact store. Every cluster then installs that same archive. A failure (no
// version in range, a download refused) is recorded with source-controller's reason and keeps the last chart.

const DOWNLOAD_TIMEOUT_MS = 60_000;

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

@Injectable()
export class ChartResolver {
  constructor(
    private readonly releases: HelmReleasesRepository,
    private readonly repositories: HelmRepositoriesRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  /** After a fetch of the repository's index: every release using it. */
  async resolveForRepository(repo: HelmRepositoryRow, index: HelmIndex): Promise<void> {
    for (const release of await this.releases.usingRepository(repo.namespace, repo.name)) await this.resolve(release, repo, index);
  }

  /** After a release was written: from the index the hub already holds (a repository not fetched yet resolves it later). */
  async resolveRelease(releaseId: string): Promise<void> {
    const release = await this.releases.findById(releaseId);
    const ref = release && this.sourceOf(release);
    if (!release || !ref) return;
    const repo = await this.repositories.findByName(ref.namespace, ref.name);
    if (!repo) return this.record(release, { reason: 'SourceUnavailable', message: `failed to get source: HelmRepository '${ref.namespace}/${ref.name}' not found` });
    const artifact = repositoryArtifactOf(repo.status);
    if (!artifact || !(await this.store.has(artifact.digest))) return this.record(release, { reason: 'NoSourceArtifact', message: `no artifact available for HelmRepository source '${repo.name}'` });
    const index = parseHelmIndex(await readAll(await this.store.get(artifact.digest)));
    if (!index.ok) return this.record(release, { reason: 'ChartPullFailed', message: index.message });
    await this.resolve(release, repo, index.index);
  }

  private sourceOf(release: HelmRelease): { namespace: string; name: string; chart: string; version: string } | undefined {
    const spec = helmReleaseSpec.safeParse(release.spec);
    const t = spec.success ? spec.data.chart?.spec : undefined;
    return t ? { namespace: t.sourceRef.namespace ?? release.namespace, name: t.sourceRef.name, chart: t.chart, version: t.version } : undefined;
  }

  private async resolve(release: HelmRelease, repo: HelmRepositoryRow, index: HelmIndex): Promise<void> {
    const ref = this.sourceOf(release);
    if (!ref) return;
    const versions = index.entries[ref.chart] ?? [];
    if (versions.length === 0) return this.record(release, { reason: 'ChartPullFailed', message: `invalid chart reference: failed to get chart version for remote reference: no chart name found: ${ref.chart}` });
    const chosen = selectChartVersion(ref.chart, ref.version, versions.map((v) => v.version));
    if (!chosen.ok) return this.record(release, { reason: 'ChartPullFailed', message: chosen.message });
    const current = chartOf(release.chart).artifact;
    const indexRevision = repositoryArtifactOf(repo.status)?.revision ?? '';
    if (current && current.name === ref.chart && current.version === chosen.version && (await this.store.has(current.digest))) {
      if (chartOf(release.chart).failure) await this.write(release, { artifact: current });
      return;
    }
    const entry = versions.find((v) => v.version === chosen.version);
    const url = entry && chartDownloadUrl(repo.url, entry);
    if (!url) return this.record(release, { reason: 'ChartPullFailed', message: `chart pull error: chart '${ref.chart}' version '${chosen.version}' has no downloadable URL` });
    let credentials;
    try {
      credentials = openHelmCredentials(this.box, repo);
    } catch {
      return this.record(release, { reason: 'AuthenticationFailed', message: 'failed to open the stored credentials of the HelmRepository: set them again' });
    }
    const got = await helmGet(url, { repositoryUrl: repo.url, ...(credentials ? { credentials } : {}), passCredentials: repo.passCredentials, guard: this.policy, maxBytes: MAX_CHART_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS });
    if (!got.ok) return this.record(release, { reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${got.message}` });
    const stored = await this.store.put(got.body);
    this.log.info('helm chart pulled for the fleet', { helmReleaseId: release.id, chart: ref.chart, version: chosen.version, digest: stored.digest, size: stored.size });
    await this.write(release, { artifact: { name: ref.chart, version: chosen.version, digest: stored.digest, size: stored.size, indexRevision } });
  }

  private async record(release: HelmRelease, failure: { reason: string; message: string }): Promise<void> {
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
