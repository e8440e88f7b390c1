import { gzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { parse } from 'yaml';
import { MAX_CHART_BYTES, mergeValuesFiles, type FileTree } from '@flotilla/reconcile-core';
import { readArchive } from '@flotilla/git-source';

// A chart kept in a GitRepository (`chart.spec.sourceRef.kind: GitRepository`, `chart.spec.chart: ./path`), as
// source-controller builds a HelmChart from one: the directory at that path, its name and version from
// Chart.yaml (the ChartVersion strategy, Flux's default), packaged into the `.tgz` layout helm reads
// (`<name>/Chart.yaml`, …). Every cluster's agent then installs that archive with the real helm, as for a chart
// from a HelmRepository. Differences from `helm package`: `.helmignore` is not applied (every file under the
// path is packaged) and `charts/` dependencies are taken as committed (no `helm dependency build`).

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `./charts/app/` → `charts/app`; undefined for a path that leaves the repository. */
export function chartDir(chart: string): string | undefined {
  const clean = chart.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (clean === '' || clean.split('/').some((s) => s === '..')) return undefined;
  return clean;
}

/** Whether a repository path (e.g. a changed file) is inside the chart at `chart`. */
export const inChart = (chart: string, file: string): boolean => {
  const dir = chartDir(chart);
  return dir !== undefined && file.replace(/^\.?\/+/, '').startsWith(`${dir}/`);
};

/** The files under the chart's directory, relative to it. */
export function chartFiles(tree: FileTree, chart: string): FileTree {
  const dir = chartDir(chart);
  const out = new Map<string, Uint8Array | string>();
  if (dir === undefined) return out;
  for (const [p, data] of tree) if (p.startsWith(`${dir}/`)) out.set(p.slice(dir.length + 1), data);
  return out;
}

export type GitChartFailure = { ok: false; reason: 'ChartPackageFailed'; message: string };

/** The chart's name and version from its Chart.yaml, or source-controller's failure. */
export function chartMetadata(files: FileTree, chart: string): { ok: true; name: string; version: string } | GitChartFailure {
  const raw = files.get('Chart.yaml');
  const fail = (why: string): GitChartFailure => ({ ok: false, reason: 'ChartPackageFailed', message: `chart package error: ${why}` });
  if (!raw) return fail(`no Chart.yaml at path '${chart}'`);
  let doc: unknown;
  try {
    doc = parse(Buffer.from(raw).toString('utf8'));
  } catch (err) {
    return fail(`Chart.yaml at path '${chart}' is not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc) || typeof doc.name !== 'string' || !doc.name) return fail(`Chart.yaml at path '${chart}' has no name`);
  if (typeof doc.version !== 'string' && typeof doc.version !== 'number') return fail(`Chart.yaml at path '${chart}' has no version`);
  return { ok: true, name: doc.name, version: String(doc.version) };
}

export interface GitChart {
  /** `chart.spec.chart`: the chart's path in the repository. */
  chart: string;
  /** `chart.spec.valuesFiles`: paths from the repository's root. */
  valuesFiles: string[];
}

const clean = (p: string): string => p.replace(/^\.?\/+/, '');

/** Whether a repository path is part of what the chart is packaged from: under its path, or one of its valuesFiles. */
export const chartReads = (chart: GitChart, file: string): boolean => inChart(chart.chart, file) || chart.valuesFiles.some((v) => clean(v) === clean(file));

/** The chart's directory and its valuesFiles read out of a stored GitRepository artifact (a gzipped tarball), by repository path. */
export async function readChartFromArtifact(artifact: Readable, chart: GitChart): Promise<FileTree> {
  return readArchive(artifact, (p) => chartReads(chart, p), { maxKeptBytes: MAX_CHART_BYTES * 4 });
}

/**
 * The chart's files as source-controller packages them: with `valuesFiles` (paths from the repository's root)
 * merged in order into the chart's values.yaml; a missing one fails the chart, as in Flux.
 */
export function chartWithValuesFiles(tree: FileTree, chart: GitChart): { ok: true; files: FileTree } | { ok: false; message: string } {
  const files = chartFiles(tree, chart.chart);
  if (!chart.valuesFiles.length) return { ok: true, files };
  const merged = mergeValuesFiles(tree, chart.valuesFiles, false);
  if (!merged.ok) return merged;
  return { ok: true, files: new Map(files).set('values.yaml', merged.yaml) };
}


/** The `.tgz` helm installs: every file under `<name>/`, in path order so the same files give the same bytes. */
export async function packageChart(name: string, files: FileTree): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    if (Buffer.isBuffer(c)) chunks.push(c);
  });
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const p of [...files.keys()].sort()) {
    const data = Buffer.from(files.get(p)!);
    await new Promise<void>((resolve, reject) => pack.entry({ name: `${name}/${p}`, size: data.length, mode: 0o644, mtime: new Date(0) }, data, (err) => (err ? reject(err) : resolve())));
  }
  pack.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}
