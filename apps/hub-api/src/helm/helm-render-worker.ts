import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

// The hub's side of tools/helm-render: one long-lived process that renders charts with helm's own library,
// exactly as `helm template` does, many at a time, so a render costs milliseconds rather than a helm process
// start (~60 ms, nearly all Go runtime and package initialisation). Requests and results are JSON lines on its
// stdin and stdout; values travel only through that pipe. The process is started at the first render and
// started again at the next one if it dies; it does not keep the hub alive and ends when the hub's end closes
// its stdin.

export interface RenderRequest {
  /** A directory holding the chart, as `helm template` would be given it. */
  chart: string;
  releaseName: string;
  namespace: string;
  /** The text of the values file. */
  values: string;
  kubeVersion?: string;
}

export type RenderReply = { ok: true; manifest: string } | { ok: false; missing: boolean; message: string };

interface Worker {
  child: ChildProcessWithoutNullStreams;
  home: string;
  pending: Map<number, (r: RenderReply) => void>;
}

export class HelmRenderWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Processes started, for the tests that restart it. */
  starts = 0;

  constructor(readonly binary: string) {}

  async render(request: RenderRequest, timeoutMs: number): Promise<RenderReply> {
    const worker = this.worker ?? (await this.start());
    const id = this.nextId++;
    return new Promise<RenderReply>((resolve) => {
      const timer = setTimeout(() => {
        worker.pending.delete(id);
        resolve({ ok: false, missing: false, message: `rendering took longer than ${timeoutMs / 1000} s` });
      }, timeoutMs);
      worker.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      worker.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** The running process's id, if one runs. */
  get pid(): number | undefined {
    return this.worker?.child.pid;
  }

  /** Ends the process (it ends by itself when the hub does). */
  close(): void {
    const w = this.worker;
    this.worker = undefined;
    w?.child.stdin.end();
  }

  private async start(): Promise<Worker> {
    // helm's library reads its homes from the environment: a scratch home, never the user's.
    const home = await mkdtemp(path.join(tmpdir(), 'flotilla-helm-render-'));
    if (this.worker) {
      await rm(home, { recursive: true, force: true });
      return this.worker;
    }
    const child = spawn(this.binary, [], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.starts++;
    const worker: Worker = { child, home, pending: new Map() };
    this.worker = worker;
    // Its stderr is not read into messages: a Go panic's text could quote what it was rendering.
    child.stderr.resume();
    createInterface({ input: child.stdout }).on('line', (line) => {
      let reply: { id?: unknown; manifest?: unknown; error?: unknown };
      try {
        reply = JSON.parse(line) as typeof reply;
      } catch {
        return;
      }
      const done = typeof reply.id === 'number' ? worker.pending.get(reply.id) : undefined;
      if (!done) return;
      worker.pending.delete(reply.id as number);
      done(typeof reply.manifest === 'string' ? { ok: true, manifest: reply.manifest } : { ok: false, missing: false, message: String(reply.error ?? 'no result') });
    });
    const ended = (missing: boolean, message: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const done of worker.pending.values()) done({ ok: false, missing, message });
      worker.pending.clear();
      void rm(home, { recursive: true, force: true });
    };
    child.on('error', (err: NodeJS.ErrnoException) => ended(err.code === 'ENOENT', `the render helper could not start: ${err.message}`));
    child.on('close', (code, signal) => ended(false, `the render helper exited (${signal ?? `code ${code}`})`));
    child.stdin.on('error', () => undefined); // a dead process: 'exit' says so
    // Neither the process nor its pipes keep the hub running.
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr] as unknown as { unref?: () => void }[]) s.unref?.();
    return worker;
  }
}
