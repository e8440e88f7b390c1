import { chartMetadata, packageChart, subtree } from '../../../helm/chart-package.js';
import type { HelmArtifactStorage } from '../../../helm/helm-artifact-storage.js';
import type { HelmCli } from '../../../helm/helm-cli.js';
import type { FileTree } from '@flotilla/git-source';
import { openArtifact } from '@flotilla/git-source';
import type { ArtifactOpener, FluxObject } from '../../kind-reconciler.js';
import { ociChartVersion } from './oci-chart-version.js';

// The chart of a HelmRelease whose chartRef names an OCIRepository or an ExternalArtifact: the source's artifact
// (for an OCIRepository, the chart layer copied as it is, or the chart's files extracted) is opened, the chart
// found at its root or in its one top directory, and packaged again with the real `helm package` — with
// helm-controller's `<version>+<digest>` version for an OCIRepository. The package is kept per release in the
// agent's storage, so a reconcile of the same artifact packages nothing.

export type SourceChartKind = 'OCIRepository' | 'ExternalArtifact';

export interface LoadedChart {
  file: string;
  name: string;
  version: string;
}

export type SourceChartResult = ({ ok: true } & LoadedChart) | { ok: false; message: string; retryAfterMs?: number };

export interface SourceChartLoaderOptions {
  helm: HelmCli;
  storage: HelmArtifactStorage;
  workDir: string;
  openers: Partial<Record<SourceChartKind, ArtifactOpener>>;
}

/** The chart's files: the artifact root when it holds Chart.yaml, else its one top directory that does. */
function chartRoot(files: FileTree): FileTree | undefined {
  if (files.has('Chart.yaml')) return files;
  const tops = new Set([...files.keys()].flatMap((p) => (p.includes('/') ? [p.slice(0, p.indexOf('/'))] : [])));
  const withChart = [...tops].filter((t) => files.has(`${t}/Chart.yaml`));
  return withChart.length === 1 ? subtree(files, withChart[0] as string) : undefined;
}

export function sourceChartLoader(opts: SourceChartLoaderOptions) {
  /** Per release: the source digest last packaged and what it gave. */
  const packaged = new Map<string, { sourceDigest: string; chart: LoadedChart; digest: string; path: string }>();

  return {
    async load(hr: { namespace: string; name: string }, kind: SourceChartKind, source: FluxObject, artifact: { revision: string; digest: string }, signal: AbortSignal): Promise<SourceChartResult> {
      const key = `${hr.namespace}/${hr.name}`;
      const known = packaged.get(key);
      if (known && known.sourceDigest === artifact.digest) {
        const read = await opts.storage.read('helmrelease', hr, known.path, known.digest);
        if (read.ok) return { ok: true, ...known.chart, file: read.file };
      }
      const opener = opts.openers[kind];
      if (!opener) return { ok: false, message: `charts from ${kind} sources are not served by this agent` };
      const opened = await opener(source, artifact);
      if (!opened.ok) return { ok: false, message: opened.message, ...(opened.retryAfterMs ? { retryAfterMs: opened.retryAfterMs } : {}) };
      const tree = openArtifact(opened.artifact);
      if (!tree.ok) return { ok: false, message: tree.message };
      const files = chartRoot(tree.files);
      const meta = files ? chartMetadata(files) : undefined;
      if (!files || !meta) return { ok: false, message: `no Helm chart in the artifact of ${kind} '${source.metadata?.namespace}/${source.metadata?.name}': Chart.yaml not found` };
      let version = meta.version;
      if (kind === 'OCIRepository') {
        const v = ociChartVersion(meta.version, artifact.revision);
        if (!v.ok) return { ok: false, message: v.message };
        version = v.version;
      }
      const built = await packageChart(opts.helm, opts.workDir, { files, ...(version !== meta.version ? { version } : {}) }, signal);
      if (!built.ok) return { ok: false, message: built.message };
      const stored = await opts.storage.write('helmrelease', hr, `${built.name}-${built.version}.tgz`, built.bytes);
      await opts.storage.retain('helmrelease', hr, [stored.path]);
      const chart = { name: built.name, version: built.version, file: '' };
      packaged.set(key, { sourceDigest: artifact.digest, chart, digest: stored.digest, path: stored.path });
      const read = await opts.storage.read('helmrelease', hr, stored.path, stored.digest);
      return read.ok ? { ok: true, ...chart, file: read.file } : { ok: false, message: read.message };
    },

    async forget(hr: { namespace: string; name: string }): Promise<void> {
      packaged.delete(`${hr.namespace}/${hr.name}`);
      await opts.storage.removeAll('helmrelease', hr);
    },
  };
}

export type SourceChartLoader = ReturnType<typeof sourceChartLoader>;
