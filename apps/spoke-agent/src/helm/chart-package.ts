import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { mergeValuesFiles } from '@flotilla/reconcile-core';
import { isRecord } from '../k8s/object-ref.js';
import type { FileTree } from '@flotilla/git-source';
import { type HelmCli, helmError } from './helm-cli.js';

// Packages a chart directory into the archive a HelmChart artifact holds, with the real `helm package`, which
// knows Chart.yaml, .helmignore and subcharts: a chart from a GitRepository path, or a repository chart whose
// valuesFiles are merged into its values.yaml (as source-controller does). The files go to a scratch directory
// in the agent's cache and are removed afterwards.

export interface PackageInput {
  /** The chart's files, relative to the chart's root directory. */
  files: FileTree;
  valuesFiles?: readonly string[];
  /**
   * Where valuesFiles are looked up: the whole repository for a chart from a GitRepository, the chart itself for
   * one from a HelmRepository (source-controller's rule). Default: the chart's files.
   */
  valuesSource?: FileTree;
  ignoreMissingValuesFiles?: boolean;
  /** Overrides Chart.yaml's version (`<version>+<revision>` for the Revision strategy). */
  version?: string;
}

export type PackageResult = { ok: true; bytes: Uint8Array; name: string; version: string; valuesFiles: string[] } | { ok: false; reason: 'ChartPackageFailed' | 'ValuesFilesError'; message: string };

/** The chart's name and version from Chart.yaml. */
export function chartMetadata(files: FileTree): { name: string; version: string } | undefined {
  const raw = files.get('Chart.yaml');
  if (!raw) return undefined;
  try {
    const doc: unknown = parse(Buffer.from(raw).toString('utf8'));
    if (isRecord(doc) && typeof doc.name === 'string' && (typeof doc.version === 'string' || typeof doc.version === 'number')) return { name: doc.name, version: String(doc.version) };
  } catch {
    // an unreadable Chart.yaml: no metadata
  }
  return undefined;
}

/** The files below `dir` (a chart's path in a repository or archive), relative to it. */
export function subtree(files: FileTree, dir: string): FileTree {
  const prefix = dir.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const out = new Map<string, Uint8Array>();
  for (const [p, data] of files) {
    if (prefix === '' || prefix === '.') out.set(p, data);
    else if (p.startsWith(`${prefix}/`)) out.set(p.slice(prefix.length + 1), data);
  }
  return out;
}

export async function packageChart(helm: HelmCli, workDir: string, input: PackageInput, signal?: AbortSignal): Promise<PackageResult> {
  const meta = chartMetadata(input.files);
  if (!meta) return { ok: false, reason: 'ChartPackageFailed', message: 'chart package error: no valid Chart.yaml at the chart path' };
  const files = new Map(input.files);
  let used: string[] = [];
  if (input.valuesFiles?.length) {
    const merged = mergeValuesFiles(input.valuesSource ?? input.files, input.valuesFiles, input.ignoreMissingValuesFiles === true);
    if (!merged.ok) return { ok: false, reason: 'ValuesFilesError', message: merged.message };
    files.set('values.yaml', new TextEncoder().encode(merged.yaml));
    used = merged.used;
  }
  const scratch = path.join(workDir, `package-${randomBytes(6).toString('hex')}`);
  const chartDir = path.join(scratch, meta.name);
  const out = path.join(scratch, 'out');
  try {
    for (const [p, data] of files) {
      const file = path.join(chartDir, p);
      if (!file.startsWith(`${chartDir}${path.sep}`)) continue;
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    }
    await mkdir(out, { recursive: true });
    const run = await helm.run(['package', chartDir, '--destination', out, ...(input.version ? ['--version', input.version] : [])], { ...(signal ? { signal } : {}) });
    if (!run.ok) return { ok: false, reason: 'ChartPackageFailed', message: `chart package error: ${helmError(run)}` };
    const [archive] = (await readdir(out)).filter((n) => n.endsWith('.tgz'));
    if (!archive) return { ok: false, reason: 'ChartPackageFailed', message: 'chart package error: helm package wrote no archive' };
    return { ok: true, bytes: new Uint8Array(await readFile(path.join(out, archive))), name: meta.name, version: input.version ?? meta.version, valuesFiles: used };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
