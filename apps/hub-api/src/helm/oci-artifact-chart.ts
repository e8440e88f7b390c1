import type { Readable } from 'node:stream';
import { readArchive, type ArtifactStore } from '@flotilla/git-source';
import { MAX_CHART_BYTES, type FileTree } from '@flotilla/reconcile-core';
import { chartMetadata, packageChart } from './git-chart.js';

// The chart of a hub HelmRelease whose `chartRef` names a hub OCIRepository, as helm-controller loads the chart
// from that source's artifact. Flux recommends selecting the helm chart layer with operation `copy`: the
// artifact is then the chart archive itself (`<name>/Chart.yaml`, …) and is served as it is, so every cluster
// installs the very bytes pushed to the registry. An artifact whose files sit under one top directory holding a
// Chart.yaml (the chart layer extracted and archived again) is served as it is too, as helm reads that layout.
// One with Chart.yaml at its root (a chart directory pushed with `flux push artifact`) is packaged as a chart
// from a GitRepository is (git-chart.ts). Failures carry helm-controller's reason ArtifactFailed.

export type OciChartFailure = { ok: false; reason: 'ArtifactFailed'; message: string };
/** The chart's files relative to its root; `packaged` when the artifact is not a chart archive as it is. */
export type OciChartFiles = { ok: true; name: string; version: string; files: FileTree; packaged: boolean };
export type OciChart = { ok: true; name: string; version: string; digest: string; size: number };

/** The chart in an OCIRepository artifact (a gzipped tarball), `source` naming the OCIRepository in messages. */
export async function ociChartFiles(artifact: Readable, source: string): Promise<OciChartFiles | OciChartFailure> {
  const fail = (why: string): OciChartFailure => ({ ok: false, reason: 'ArtifactFailed', message: `could not load chart from the artifact of OCIRepository '${source}': ${why}` });
  let files: Map<string, Uint8Array>;
  try {
    files = await readArchive(artifact, () => true, { maxKeptBytes: MAX_CHART_BYTES * 4 });
  } catch (err) {
    // Not a gzipped tarball, or larger than a chart may be.
    if (err instanceof Error) return fail(err.message);
    throw err;
  }
  const tops = new Set([...files.keys()].map((p) => p.split('/')[0]));
  const [top] = tops;
  const packaged = files.has('Chart.yaml');
  if (!packaged && (tops.size !== 1 || top === undefined || !files.has(`${top}/Chart.yaml`))) {
    return fail('no Chart.yaml at its root or in its one top directory (select the helm chart layer, application/vnd.cncf.helm.chart.content.v1.tar+gzip, with operation copy)');
  }
  const chart: FileTree = packaged || top === undefined ? files : new Map([...files].map(([p, data]) => [p.slice(top.length + 1), data]));
  const meta = chartMetadata(chart, packaged ? '.' : (top ?? '.'));
  if (!meta.ok) return fail(meta.message.replace(/^chart package error: /, ''));
  return { ok: true, name: meta.name, version: meta.version, files: chart, packaged };
}

/** The chart archive clusters install for the stored artifact `digest`: the artifact itself, or its files packaged and stored. */
export async function chartFromOciArtifact(store: ArtifactStore, digest: string, source: string): Promise<OciChart | OciChartFailure> {
  const chart = await ociChartFiles(await store.get(digest), source);
  if (!chart.ok) return chart;
  const tooLarge: OciChartFailure = { ok: false, reason: 'ArtifactFailed', message: `could not load chart from the artifact of OCIRepository '${source}': the chart archive is larger than ${MAX_CHART_BYTES} bytes` };
  if (chart.packaged) {
    const archive = await packageChart(chart.name, chart.files);
    if (archive.length > MAX_CHART_BYTES) return tooLarge;
    const stored = await store.put(archive);
    return { ok: true, name: chart.name, version: chart.version, digest: stored.digest, size: stored.size };
  }
  const held = await store.stat(digest);
  if (!held) return { ok: false, reason: 'ArtifactFailed', message: `no artifact available for OCIRepository source '${source}'` };
  if (held.size > MAX_CHART_BYTES) return tooLarge;
  return { ok: true, name: chart.name, version: chart.version, digest: held.digest, size: held.size };
}
