import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FileTree } from '@flotilla/reconcile-core';
import { HelmRenderWorker } from './helm-render-worker.js';

// `helm template` at the hub, with the real helm (Go templates cannot be rendered any other way), for the
// per-cluster diff of proposals. Helm gets its own homes in a scratch directory (never the user's ~/.config) and
// the values in a file, never on the command line. Renders run two at a time at most: each is a process.
//
// With the render helper (tools/helm-render: helm's library doing what `helm template` does, in one long-lived
// process), a render costs milliseconds instead of a process start, and values reach it through its stdin. The
// helper is used when it is configured; when it cannot be started, renders fall back to `helm template`.
//
// A render depends only on its input, so results are kept by the input's digest (bounded by bytes): clusters
// with the same values share one, an automation that rewrites its open proposal at every run renders nothing
// again, and a proposal's base is usually the previous proposal's head, rendered already.

export interface TemplateInput {
  /** The chart's files, relative to its root. */
  files: FileTree;
  releaseName: string;
  namespace: string;
  values: Record<string, unknown>;
  /** `.Capabilities.KubeVersion` (e.g. `v1.35.4`); helm's default when absent. */
  kubeVersion?: string;
}

export type TemplateResult = { ok: true; manifest: string } | { ok: false; unavailable: boolean; message: string };

const TIMEOUT_MS = 60_000;
const PARALLEL = 2;
/** Renders sent to the helper at once (it renders them concurrently; this bounds the chart copies on disk). */
const HELPER_PARALLEL = 16;
/** Rendered manifests kept, in bytes of text (a failure is not kept: a timeout may pass next time). */
const CACHE_BYTES = 32 * 1024 * 1024;
const CACHE_ENTRIES = 2_000;

/**
 * helm's error text without its `Error: ` prefix, warnings and log lines, as Flux quotes helm's errors (the error
 * value, not what helm logs on the way: it logs some errors, e.g. a bad release name, before returning them).
 */
const helmError = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => l.trim() && !/^(WARNING|level=[A-Z]+ |walk\.go)/.test(l))
    .join('\n')
    .replace(/^Error: /, '')
    .trim();

const digestOf = (...parts: (string | Uint8Array)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

/** A chart's files under `root` (a path leaving it is skipped). */
async function writeChart(root: string, files: FileTree): Promise<void> {
  for (const [p, data] of files) {
    const file = path.join(root, p);
    if (!file.startsWith(`${root}${path.sep}`)) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  }
}

export class HelmTemplate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Oldest first: a hit moves to the end. Entries under way have no size yet. */
  private readonly results = new Map<string, { result: Promise<TemplateResult>; bytes: number }>();
  private cachedBytes = 0;
  /** A chart's files are hashed once however many clusters render them. */
  private readonly fileDigests = new WeakMap<FileTree, string>();
  /** helm processes started, for the tests and benchmarks that count renders. */
  processes = 0;
  /** Renders done by the render helper. */
  helperRenders = 0;
  private helper: HelmRenderWorker | undefined;
  /** Chart directories written for the helper, shared by the renders of the same files under way. */
  private readonly chartDirs = new Map<string, { dir: Promise<string>; users: number }>();

  constructor(
    private readonly binary: string,
    renderHelper?: string,
  ) {
    if (renderHelper) this.helper = new HelmRenderWorker(renderHelper);
  }

  /** Ends the render helper's process, if one runs (it also ends with the hub). */
  close(): void {
    this.helper?.close();
  }

  onModuleDestroy(): void {
    this.close();
  }

  render(input: TemplateInput): Promise<TemplateResult> {
    const key = digestOf(this.filesDigest(input.files), JSON.stringify(input.values), input.kubeVersion ?? '', input.releaseName, input.namespace);
    const hit = this.results.get(key);
    if (hit) {
      this.results.delete(key);
      this.results.set(key, hit);
      return hit.result;
    }
    const entry = { result: this.run(input), bytes: 0 };
    this.results.set(key, entry);
    void entry.result.then((r) => {
      if (this.results.get(key) !== entry) return;
      if (!r.ok) {
        this.results.delete(key);
        return;
      }
      entry.bytes = r.manifest.length;
      this.cachedBytes += entry.bytes;
      this.evict();
    });
    return entry.result;
  }

  private evict(): void {
    for (const [key, entry] of this.results) {
      if (this.cachedBytes <= CACHE_BYTES && this.results.size <= CACHE_ENTRIES) return;
      if (entry.bytes === 0) continue; // under way: its caller holds the promise
      this.results.delete(key);
      this.cachedBytes -= entry.bytes;
    }
  }

  private filesDigest(files: FileTree): string {
    let d = this.fileDigests.get(files);
    if (!d) {
      d = digestOf(...[...files.keys()].sort().flatMap((p) => [p, files.get(p)!]));
      this.fileDigests.set(files, d);
    }
    return d;
  }

  private async run(input: TemplateInput): Promise<TemplateResult> {
    if (this.helper) {
      const viaHelper = await this.runWithHelper(this.helper, input);
      if (viaHelper) return viaHelper;
    }
    return this.runProcess(input);
  }

  /** The render by the helper, or undefined when the helper cannot be started (then helm's own process renders). */
  private async runWithHelper(helper: HelmRenderWorker, input: TemplateInput): Promise<TemplateResult | undefined> {
    if (this.running >= HELPER_PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    const key = this.filesDigest(input.files);
    let entry = this.chartDirs.get(key);
    if (!entry) {
      entry = { dir: mkdtemp(path.join(tmpdir(), 'flotilla-helm-chart-')).then(async (dir) => (await writeChart(path.join(dir, 'chart'), input.files), dir)), users: 0 };
      this.chartDirs.set(key, entry);
    }
    entry.users++;
    try {
      const dir = await entry.dir;
      this.helperRenders++;
      const reply = await helper.render({ chart: path.join(dir, 'chart'), releaseName: input.releaseName, namespace: input.namespace, values: stringify(input.values), ...(input.kubeVersion ? { kubeVersion: input.kubeVersion } : {}) }, TIMEOUT_MS);
      if (reply.ok) return reply;
      if (reply.missing) {
        this.helper = undefined;
        return undefined;
      }
      return { ok: false, unavailable: false, message: helmError(reply.message) };
    } finally {
      if (--entry.users === 0) {
        this.chartDirs.delete(key);
        void entry.dir.then((dir) => rm(dir, { recursive: true, force: true }));
      }
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async runProcess(input: TemplateInput): Promise<TemplateResult> {
    if (this.running >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.processes++;
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-helm-template-'));
    try {
      const chart = path.join(dir, 'chart');
      await writeChart(chart, input.files);
      const values = path.join(dir, 'values.yaml');
      await writeFile(values, stringify(input.values), { mode: 0o600 });
      const home = path.join(dir, 'home');
      const args = ['template', input.releaseName, chart, '--namespace', input.namespace, '--values', values, '--include-crds', '--skip-tests', ...(input.kubeVersion ? ['--kube-version', input.kubeVersion] : [])];
      return await new Promise<TemplateResult>((resolve) => {
        execFile(
          this.binary,
          args,
          { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') }, maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT_MS },
          (err, stdout, stderr) => {
            if (!err) return resolve({ ok: true, manifest: stdout });
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ ok: false, unavailable: true, message: `helm is not available at the hub ("${this.binary}" not found)` });
            resolve({ ok: false, unavailable: false, message: helmError(stderr) || err.message });
          },
        );
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
