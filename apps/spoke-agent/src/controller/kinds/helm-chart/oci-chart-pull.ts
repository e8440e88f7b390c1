import { RegistrySession, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { chooseOciChartVersion, downloadOciChart, ociChartDigest, splitOciUrl } from '@flotilla/oci-source';
import type { HelmChartSpec, HelmRepositorySpec } from '@flotilla/protocol/flux';
import { readRepositoryCredentials } from '../../../helm/repository-credentials.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { readObjectData } from '../../../k8s/object-data.js';
import { registryAuth, registryTls } from '../oci-repository/oci-credentials.js';
import { verifyOciSignature } from '../oci-repository/oci-verify.js';

// A chart from a HelmRepository of type oci, pulled as source-controller pulls it (@flotilla/oci-source's
// chart pull, which the hub uses too): the repository URL and the chart name make the OCI reference,
// `spec.version` picks the registry tag, the helm chart layer is downloaded under the size limit, and with
// `spec.verify` its cosign signature is checked first (an unsigned or wrongly signed chart is refused, nothing
// stored). Credentials come from the repository's secretRef — `username`/`password` or a dockerconfigjson —
// and certSecretRef; no message carries them.

export type OciChartPull = { ok: true; version: string; bytes: Uint8Array } | { ok: false; reason: string; message: string; type: 'FetchFailed' | 'BuildFailed'; verification?: true };

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function credentials(kube: KubeClient, namespace: string, registry: string, repo: HelmRepositorySpec): Promise<{ auth?: RegistryAuth; tls?: RegistryTls } | string> {
  let auth: RegistryAuth | undefined;
  if (repo.secretRef) {
    const data = await readObjectData(kube, 'Secret', namespace, repo.secretRef.name).catch(() => undefined);
    if (data && data['.dockerconfigjson'] === undefined && data['.dockercfg'] === undefined) {
      const basic = await readRepositoryCredentials(kube, namespace, { secretRef: repo.secretRef });
      if (!basic.ok) return basic.message;
      auth = basic.credentials.basicAuth;
    } else {
      try {
        auth = await registryAuth(kube, namespace, registry, { secretRef: repo.secretRef.name });
      } catch (err) {
        return errorMessage(err);
      }
    }
  }
  let tls: RegistryTls | undefined;
  if (repo.certSecretRef) {
    try {
      tls = await registryTls(kube, namespace, repo.certSecretRef.name);
    } catch (err) {
      return errorMessage(err);
    }
  }
  return { ...(auth ? { auth } : {}), ...(tls ? { tls } : {}) };
}

export async function pullOciChart(kube: KubeClient, namespace: string, repo: HelmRepositorySpec, chart: HelmChartSpec, o: { maxBytes: number; signal: AbortSignal; current?: string }): Promise<OciChartPull | { ok: true; unchanged: true; version: string }> {
  const url = `${repo.url.replace(/\/+$/, '')}/${chart.chart}`;
  const split = splitOciUrl(url);
  if (typeof split === 'string') return { ok: false, reason: 'URLInvalid', message: `invalid chart reference '${url}': ${split}`, type: 'FetchFailed' };
  const creds = await credentials(kube, namespace, split.registry, repo);
  if (typeof creds === 'string') return { ok: false, reason: 'AuthenticationFailed', message: `failed to get credentials: ${creds}`, type: 'FetchFailed' };
  const session = new RegistrySession(split.registry, split.repository, creds.auth, { ...(repo.insecure ? { insecure: true } : {}), ...(creds.tls ? { tls: creds.tls } : {}), signal: o.signal });

  const chosen = await chooseOciChartVersion(session, chart.chart, chart.version);
  if (!chosen.ok) return { ...chosen, type: 'BuildFailed' };
  const { version } = chosen;
  if (o.current === version && !chart.verify) return { ok: true, unchanged: true, version };
  let digest: string;
  let refused: string | undefined;
  try {
    digest = await ociChartDigest(session, version);
    if (chart.verify) refused = await verifyOciSignature(kube, namespace, session, `${split.registry}/${split.repository}`, digest, chart.verify);
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${errorMessage(err)}`, type: 'BuildFailed' };
  }
  if (refused) return { ok: false, reason: 'VerificationError', message: `chart verification error: ${refused}`, type: 'BuildFailed', verification: true };
  if (chart.verify && o.current === version) return { ok: true, unchanged: true, version };
  const pulled = await downloadOciChart(session, digest, o.maxBytes);
  return pulled.ok ? { ok: true, version, bytes: pulled.bytes } : { ...pulled, type: 'BuildFailed' };
}
