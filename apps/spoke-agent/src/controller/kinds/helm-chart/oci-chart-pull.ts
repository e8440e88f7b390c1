import { fetchBlob, fetchManifest, listTags, RegistrySession, resolveDigest, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { selectLayer, splitOciUrl } from '@flotilla/oci-source';
import type { HelmChartSpec, HelmRepositorySpec } from '@flotilla/protocol/flux';
import { selectChartVersion } from '@flotilla/reconcile-core';
import { readRepositoryCredentials } from '../../../helm/repository-credentials.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { readObjectData } from '../../../k8s/object-data.js';
import { registryAuth, registryTls } from '../oci-repository/oci-credentials.js';
import { verifyOciSignature } from '../oci-repository/oci-verify.js';

// A chart from a HelmRepository of type oci, pulled as source-controller pulls it: the repository URL and the
// chart name make the OCI reference, `spec.version` picks the highest of the registry's tags it accepts (helm
// writes a version's `+` as `_` in a tag), the helm chart layer is downloaded under the size limit, and with
// `spec.verify` its cosign signature is checked first (an unsigned or wrongly signed chart is refused, nothing
// stored). Credentials come from the repository's secretRef — `username`/`password` or a dockerconfigjson —
// and certSecretRef; no message carries them.

export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

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

  let version: string;
  try {
    const { tags } = await listTags(session);
    const chosen = selectChartVersion(chart.chart, chart.version, tags.map((t) => t.replaceAll('_', '+')));
    if (!chosen.ok) return { ok: false, reason: 'ChartPullFailed', message: chosen.message, type: 'BuildFailed' };
    version = chosen.version;
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to get chart version for remote reference: ${errorMessage(err)}`, type: 'BuildFailed' };
  }
  if (o.current === version && !chart.verify) return { ok: true, unchanged: true, version };
  const tag = version.replaceAll('+', '_');
  try {
    const digest = await resolveDigest(session, tag);
    if (chart.verify) {
      const refused = await verifyOciSignature(kube, namespace, session, `${split.registry}/${split.repository}`, digest, chart.verify);
      if (refused) return { ok: false, reason: 'VerificationError', message: `chart verification error: ${refused}`, type: 'BuildFailed', verification: true };
      if (o.current === version) return { ok: true, unchanged: true, version };
    }
    const { manifest } = await fetchManifest(session, digest);
    const layer = selectLayer(manifest, HELM_CHART_LAYER);
    if (!layer.ok) return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: ${layer.message}`, type: 'BuildFailed' };
    if (layer.value.size > o.maxBytes) return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: size of ${layer.value.size} bytes exceeds the limit of ${o.maxBytes} bytes`, type: 'BuildFailed' };
    const blob = await fetchBlob(session, layer.value);
    return { ok: true, version, bytes: blob.data };
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${errorMessage(err)}`, type: 'BuildFailed' };
  }
}
