import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FileTree } from '@flotilla/reconcile-core';

// `helm template` at the hub, with the real helm (Go templates cannot be rendered any other way), for the
// per-cluster diff of proposals. Helm gets its own homes in a scratch directory (never the user's ~/.config) and
// the values in a file, never on the command line. Renders run two at a time at most: each is a process.

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

/** helm's error text without its `Error: ` prefix and warnings, as Flux quotes helm's errors. */
const helmError = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => l.trim() && !/^(WARNING|level=WARN|walk\.go)/.test(l))
    .join('\n')
    .replace(/^Error: /, '')
    .trim();

export class HelmTemplate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly binary: string) {}

  async render(input: TemplateInput): Promise<TemplateResult> {
    if (this.running >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
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
