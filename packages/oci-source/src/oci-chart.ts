import { fetchBlob, fetchManifest, listTags, resolveDigest, type RegistrySession } from '@flotilla/oci-client';
import { selectChartVersion } from '@flotilla/reconcile-core';
import { selectLayer } from './oci-layer.js';

// A chart out of an OCI HelmRepository, as source-controller pulls one, for the hub (once for the fleet) and
// the agent (objects in its cluster): the session is `<repository url>/<chart>`, the version is the highest of
// the registry's tags the range accepts (helm writes a version's `+` as `_` in a tag), and the helm chart layer
// is downloaded under the size limit. Messages carry source-controller's wording, never credentials.

export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export type OciChartFailure = { ok: false; reason: 'ChartPullFailed'; message: string };

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The chart version `range` selects among the registry's tags. */
export async function chooseOciChartVersion(session: RegistrySession, chart: string, range: string): Promise<{ ok: true; version: string } | OciChartFailure> {
  try {
    const { tags } = await listTags(session);
    const chosen = selectChartVersion(chart, range, tags.map((t) => t.replaceAll('_', '+')));
    return chosen.ok ? { ok: true, version: chosen.version } : { ok: false, reason: 'ChartPullFailed', message: chosen.message };
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to get chart version for remote reference: ${errorMessage(err)}` };
  }
}

/** The manifest digest of a chart version's tag. */
export const ociChartDigest = (session: RegistrySession, version: string): Promise<string> => resolveDigest(session, version.replaceAll('+', '_'));

/** The chart archive (the helm chart layer) of a manifest, refused over `maxBytes` before it is downloaded. */
export async function downloadOciChart(session: RegistrySession, digest: string, maxBytes: number): Promise<{ ok: true; bytes: Buffer } | OciChartFailure> {
  try {
    const { manifest } = await fetchManifest(session, digest);
    const layer = selectLayer(manifest, HELM_CHART_LAYER);
    if (!layer.ok) return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: ${layer.message}` };
    if (layer.value.size > maxBytes) return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: size of ${layer.value.size} bytes exceeds the limit of ${maxBytes} bytes` };
    return { ok: true, bytes: (await fetchBlob(session, layer.value)).data };
  } catch (err) {
    return { ok: false, reason: 'ChartPullFailed', message: `chart pull error: failed to download chart for remote reference: ${errorMessage(err)}` };
  }
}
