import { registryBaseUrl, RegistrySession, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { chooseOciChartVersion, downloadOciChart, ociChartDigest, splitOciUrl } from '@flotilla/oci-source';
import { MAX_CHART_BYTES, parseFluxDuration } from '@flotilla/reconcile-core';
import type { ChartFailure, ChartPullDeps, PulledChart } from './chart-archive.js';
import { registryAuthOf } from '../images/image-credentials.sealed.js';
import { openHelmCredentials, openHelmTls } from './helm-credentials.js';
import type { HelmRepositoryRow } from './helm-repositories.repository.js';

// A release's chart out of a hub HelmRepository of type oci, as source-controller builds a HelmChart from one:
// `oci://<repository url>/<chart>`, the highest registry tag `version` accepts, the helm chart layer under the
// 10 MiB limit, stored in the artifact store. The registry host passes the hub's source URL policy first; the
// repository's credentials (basic or a docker config) and its CA or client certificate are opened only for the
// pull and serve each of its requests; `insecure` is plain HTTP; `timeout` bounds it.

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function pullOciRepositoryChart(
  deps: ChartPullDeps,
  repo: HelmRepositoryRow,
  chart: string,
  range: string,
  current?: { version: string; digest: string; size: number },
): Promise<PulledChart | ChartFailure> {
  const url = `${repo.url.replace(/\/+$/, '')}/${chart}`;
  const split = splitOciUrl(url);
  if (typeof split === 'string') return { ok: false, reason: 'ChartPullFailed', message: `invalid chart reference '${url}': ${split}` };
  let auth: RegistryAuth | undefined;
  let tls: RegistryTls | undefined;
  try {
    auth = registryAuthOf(openHelmCredentials(deps.box, repo), split.registry);
    tls = openHelmTls(deps.box, repo);
  } catch {
    return { ok: false, reason: 'AuthenticationFailed', message: 'failed to open the stored credentials or certificates of the HelmRepository: set them again' };
  }
  try {
    await deps.policy.assertReachable(new URL(registryBaseUrl(split.registry, repo.insecure, tls !== undefined)));
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: ${errorMessage(err)}` };
  }
  const timeout = parseFluxDuration(repo.timeout, 'sourceTimeout');
  const signal = AbortSignal.timeout(timeout.ok ? timeout.value : 60_000);
  const session = new RegistrySession(split.registry, split.repository, auth, { ...(repo.insecure ? { insecure: true } : {}), ...(tls ? { tls } : {}), signal });

  const chosen = await chooseOciChartVersion(session, chart, range);
  if (!chosen.ok) return chosen;
  if (current && current.version === chosen.version && (await deps.store.has(current.digest))) return { ok: true, version: current.version, digest: current.digest, size: current.size };
  let digest: string;
  try {
    digest = await ociChartDigest(session, chosen.version);
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${errorMessage(err)}` };
  }
  const pulled = await downloadOciChart(session, digest, MAX_CHART_BYTES);
  if (!pulled.ok) return pulled;
  const stored = await deps.store.put(pulled.bytes);
  return { ok: true, version: chosen.version, digest: stored.digest, size: stored.size };
}
