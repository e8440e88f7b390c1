import { isDigest, readArchive, type ArtifactStore } from '@flotilla/git-source';
import { chartDownloadUrl, MAX_CHART_BYTES, parseHelmIndex, selectChartVersion, type HelmIndex } from '@flotilla/reconcile-core';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { helmHttpCredentials, openHelmCredentials, openHelmTls } from './helm-credentials.js';
import { helmGet } from './helm-http.js';
import type { HelmRepositoryRow } from './helm-repositories.repository.js';
import { repositoryArtifactOf } from './helm-repository-artifact.js';

// A chart version out of a hub HelmRepository, as source-controller pulls one: the highest version the range
// accepts in the stored index, downloaded under the 10 MiB limit into the artifact store. Failures carry
// source-controller's reasons. The release resolver and the chart info the forms read both pull through here.

const DOWNLOAD_TIMEOUT_MS = 60_000;

export type ChartFailure = { ok: false; reason: 'SourceUnavailable' | 'NoSourceArtifact' | 'ChartPullFailed' | 'AuthenticationFailed'; message: string };
export type ChosenChart = { ok: true; version: string; url: string; indexDigest?: string };
export type PulledChart = { ok: true; version: string; digest: string; size: number };

export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

export interface ChartPullDeps {
  store: ArtifactStore;
  box: SecretBox;
  policy: SourceUrlPolicy;
}

/** The repository's stored index, or why there is none. */
export async function storedIndex(store: ArtifactStore, repo: HelmRepositoryRow): Promise<{ ok: true; index: HelmIndex } | ChartFailure> {
  const artifact = repositoryArtifactOf(repo.status);
  if (!artifact || !(await store.has(artifact.digest))) return { ok: false, reason: 'NoSourceArtifact', message: `no artifact available for HelmRepository source '${repo.name}'` };
  const index = parseHelmIndex(await readAll(await store.get(artifact.digest)));
  return index.ok ? { ok: true, index: index.index } : { ok: false, reason: 'ChartPullFailed', message: index.message };
}

/** The version of `chart` the range selects in the index, and where to download it. */
export function chooseChart(repo: HelmRepositoryRow, index: HelmIndex, chart: string, range: string): ChosenChart | ChartFailure {
  const versions = index.entries[chart] ?? [];
  if (versions.length === 0) return { ok: false, reason: 'ChartPullFailed', message: `invalid chart reference: failed to get chart version for remote reference: no chart name found: ${chart}` };
  const chosen = selectChartVersion(chart, range, versions.map((v) => v.version));
  if (!chosen.ok) return { ok: false, reason: 'ChartPullFailed', message: chosen.message };
  const entry = versions.find((v) => v.version === chosen.version);
  const url = entry && chartDownloadUrl(repo.url, entry);
  if (!url) return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: chart '${chart}' version '${chosen.version}' has no downloadable URL` };
  return { ok: true, version: chosen.version, url, ...(entry.digest ? { indexDigest: `sha256:${entry.digest}` } : {}) };
}

/**
 * The chosen archive in the artifact store: already there when the index's digest names a stored archive,
 * else downloaded with the repository's credentials and stored (content-addressed).
 */
export async function pullChart(deps: ChartPullDeps, repo: HelmRepositoryRow, chosen: ChosenChart): Promise<PulledChart | ChartFailure> {
  const held = chosen.indexDigest && isDigest(chosen.indexDigest) ? await deps.store.stat(chosen.indexDigest) : undefined;
  if (held) return { ok: true, version: chosen.version, digest: held.digest, size: held.size };
  let credentials;
  let tls;
  try {
    credentials = helmHttpCredentials(openHelmCredentials(deps.box, repo));
    tls = openHelmTls(deps.box, repo);
  } catch {
    return { ok: false, reason: 'AuthenticationFailed', message: 'failed to open the stored credentials or certificates of the HelmRepository: set them again' };
  }
  // The CA and client certificate go with every download from this repository, as helm's getter uses them.
  const got = await helmGet(chosen.url, { repositoryUrl: repo.url, ...(credentials ? { credentials } : {}), ...(tls ? { tls } : {}), passCredentials: repo.passCredentials, guard: deps.policy, maxBytes: MAX_CHART_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS });
  if (!got.ok) return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${got.message}` };
  const stored = await deps.store.put(got.body);
  return { ok: true, version: chosen.version, digest: stored.digest, size: stored.size };
}

/** A stored chart archive's files relative to the chart's root (its one top directory, `<name>/`), as `helm template` reads them. */
export async function chartArchiveFiles(store: ArtifactStore, digest: string): Promise<Map<string, Uint8Array>> {
  const files = await readArchive(await store.get(digest), (p) => p.includes('/'), { maxKeptBytes: MAX_CHART_BYTES * 4 });
  return new Map([...files].map(([p, data]) => [p.slice(p.indexOf('/') + 1), data]));
}
