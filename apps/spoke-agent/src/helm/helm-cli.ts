import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

// The real helm binary (v4), run by the agent for HelmCharts (`helm package`) and HelmReleases (install, upgrade,
// test, rollback, uninstall). Helm keeps its caches and repository config under three homes; they live in the
// agent's cache directory, since the pod's root filesystem is read-only and the user's ~/.config must never
// be read. Values reach helm in files, never on the command line, so no secret shows in a process list.

export interface HelmCliOptions {
  /** The helm binary: a path, or a name looked up on PATH (default `helm`). */
  binary?: string;
  /** Where helm's homes go (created on first use). */
  homeDir: string;
  /** The kubeconfig helm talks to the cluster with (see writeHelmKubeconfig). */
  kubeconfig?: string;
}

export interface HelmRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

export class HelmCli {
  private homes: Promise<void> | undefined;

  constructor(private readonly opts: HelmCliOptions) {}

  get binary(): string {
    return this.opts.binary ?? 'helm';
  }

  /** Runs helm; a non-zero exit is `ok: false` with helm's stderr, never a throw (a missing binary is one too). */
  async run(args: readonly string[], opts: { signal?: AbortSignal; cwd?: string } = {}): Promise<HelmRun> {
    const home = this.opts.homeDir;
    this.homes ??= Promise.all(['cache', 'config', 'data'].map((d) => mkdir(path.join(home, d), { recursive: true }))).then(() => undefined);
    await this.homes;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: home,
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_DATA_HOME: path.join(home, 'data'),
      ...(this.opts.kubeconfig ? { KUBECONFIG: this.opts.kubeconfig } : {}),
    };
    return new Promise((resolve) => {
      const child = execFile(this.binary, [...args], { env, maxBuffer: MAX_OUTPUT, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.signal ? { signal: opts.signal } : {}) }, (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, stdout, stderr });
        const message = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `helm binary "${this.binary}" not found` : stderr.trim() || err.message;
        resolve({ ok: false, stdout, stderr: message });
      });
      // helm may have exited already: its status says so, and the pipe's EPIPE must not crash the agent.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end();
    });
  }
}

/** helm's error text without its `Error: ` prefix, as Flux quotes helm's errors in conditions. */
export function helmError(run: HelmRun): string {
  return run.stderr
    .split('\n')
    .filter((l) => l.trim() && !/^(WARNING|level=WARN)/.test(l))
    .join('\n')
    .replace(/^Error: /, '')
    .trim();
}
