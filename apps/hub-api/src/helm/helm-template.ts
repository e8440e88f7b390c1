import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FileTree } from '@flotilla/reconcile-core';

// `helm template` at the hub, with the real helm (Go templates cannot be rendered any other way), for the
// per-cluster diff of proposals. Helm gets its own homes in a scratch directory (never the user's ~/.config) and
// the values in a file, never on the command line. Renders run two at a time at most: each is a process.
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
/** Rendered manifests kept, in bytes of text (a failure is not kept: a timeout may pass next time). */
const CACHE_BYTES = 32 * 1024 * 1024;
const CACHE_ENTRIES = 2_000;

/** helm's error text without its `Error: ` prefix and warnings, as Flux quotes helm's errors. */
const helmError = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => l.trim() && !/^(WARNING|level=WARN|walk\.go)/.test(l))
    .join('\n')
    .replace(/^Error: /, '')
    .trim();

const digestOf = (...parts: (string | Uint8Array)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

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

  constructor(private readonly binary: string) {}

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
    if (this.running >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.processes++;
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-helm-template-'));
    try {
      const chart = path.join(dir, 'chart');
      for (const [p, data] of input.files) {
        const file = path.join(chart, p);
        if (!file.startsWith(`${chart}${path.sep}`)) continue;
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, data);
      }
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
