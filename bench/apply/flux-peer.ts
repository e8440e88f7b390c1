// Flux's own kustomize-controller as the third tool of bench/apply: the same build, pushed to testenv's git server,
// applied by the real controller (built by scripts/build-test-binaries.sh, `--concurrent-ssa` at its default 4)
// through a GitRepository and a Kustomization, as a Flux user would. It is the peer with the semantics we keep
// (every object dry-run before any is applied), where kubectl is the peer with the speed goal.
import { readFile } from 'node:fs/promises';
import { startFlux, startGitServer, type TestCluster, type TestFlux, type TestGitServer } from '@flotilla/testenv';
import type { KubeClient } from '@flotilla/spoke-agent/k8s';

const NAMESPACE = 'flux-system';
const POLL_MS = 50;
const TIMEOUT_MS = 300_000;
const KUSTOMIZATIONS = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NAMESPACE}/kustomizations`;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface FluxStatus {
  conditions?: Condition[];
  artifact?: { revision?: string };
  lastAppliedRevision?: string;
  lastHandledReconcileAt?: string;
}

export interface FluxRun {
  /** From the Kustomization's creation (or the reconcile request) until Ready=True at the revision, watched. */
  ms: number;
  /** The controller's own "Reconciliation finished in" figure for that reconcile (artifact download and build included). */
  controllerMs: number | undefined;
  detail: string;
}

export class FluxPeer {
  private constructor(
    private readonly client: KubeClient,
    private readonly flux: TestFlux,
    private readonly git: TestGitServer,
  ) {}

  static async start(cluster: TestCluster, client: KubeClient, controllerArgs: string[]): Promise<FluxPeer> {
    const git = await startGitServer();
    try {
      return new FluxPeer(client, await startFlux(cluster, { kustomizeControllerArgs: controllerArgs }), git);
    } catch (err) {
      await git.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.flux.stop();
    await this.git.stop();
  }

  /** A repository holding the build and a GitRepository whose artifact is ready: none of this is timed. */
  async prepare(name: string, buildYaml: string): Promise<void> {
    const url = await this.git.createRepo(name);
    await this.git.pushFiles(name, { 'build.yaml': buildYaml });
    await this.create('source.toolkit.fluxcd.io/v1', 'gitrepositories', {
      kind: 'GitRepository',
      metadata: { name, namespace: NAMESPACE },
      spec: { url, interval: '1h', ref: { branch: 'main' } },
    });
    await this.until(`GitRepository ${name} ready`, async () => {
      const s = await this.status('source.toolkit.fluxcd.io/v1', 'gitrepositories', name);
      return ready(s) && s.artifact?.revision ? true : undefined;
    });
  }

  /** The first apply: the Kustomization created, until Flux says it applied the artifact's revision. */
  async firstApply(name: string): Promise<FluxRun> {
    const revision = (await this.status('source.toolkit.fluxcd.io/v1', 'gitrepositories', name)).artifact?.revision;
    const logFrom = await this.logLength();
    const applied = this.watchUntil(name, `Kustomization ${name} applied`, (st) => ready(st) && st.lastAppliedRevision === revision);
    await applied.watching;
    const started = performance.now();
    await this.create('kustomize.toolkit.fluxcd.io/v1', 'kustomizations', {
      kind: 'Kustomization',
      metadata: { name, namespace: NAMESPACE },
      spec: { interval: '1h', path: './', prune: false, sourceRef: { kind: 'GitRepository', name } },
    });
    const s = await applied.done;
    const ms = performance.now() - started;
    return { ms, controllerMs: await this.finishedMs(logFrom, name), detail: condition(s) };
  }

  /** What `flux reconcile kustomization` does: the request annotation, until the status has handled it. */
  async reapply(name: string): Promise<FluxRun> {
    const token = new Date().toISOString();
    const logFrom = await this.logLength();
    const handled = this.watchUntil(name, `Kustomization ${name} reconciled again`, (st) => st.lastHandledReconcileAt === token && ready(st));
    await handled.watching;
    const started = performance.now();
    const res = await this.client.request({
      method: 'PATCH',
      path: `${KUSTOMIZATIONS}/${name}`,
      body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } } },
      contentType: 'application/merge-patch+json',
    });
    if (res.status >= 300) throw new Error(`annotating Kustomization ${name}: HTTP ${res.status}`);
    const s = await handled.done;
    const ms = performance.now() - started;
    return { ms, controllerMs: await this.finishedMs(logFrom, name), detail: condition(s) };
  }

  /**
   * Watches the one Kustomization until its status passes `test` (or it fails for good). A watch, not polling: once
   * the status holds the inventory of 1,000 objects, each GET would cost the API server (which Flux's own requests
   * wait for on these 2 cores) about 100 KB of encoding. `watching` resolves once the watch is sent: it starts at
   * the resourceVersion of a list read first, so no change after that read is missed, however late it is answered.
   */
  private watchUntil(name: string, what: string, test: (s: FluxStatus) => boolean): { watching: Promise<void>; done: Promise<FluxStatus> } {
    const abort = new AbortController();
    let opened!: () => void;
    const watching = new Promise<void>((resolve) => (opened = resolve));
    let found: FluxStatus | undefined;
    let failure: Error | undefined;
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    const watch = async (): Promise<FluxStatus> => {
      const list = await this.client.request({ method: 'GET', path: KUSTOMIZATIONS, query: { fieldSelector: `metadata.name=${name}` } });
      const resourceVersion = (list.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      const stream = this.client.stream(
        { path: KUSTOMIZATIONS, query: { watch: 'true', fieldSelector: `metadata.name=${name}`, resourceVersion }, signal: abort.signal, idleTimeoutMs: TIMEOUT_MS },
        (doc) => {
          const status = ((doc as { object?: { status?: FluxStatus } }).object?.status ?? {}) as FluxStatus;
          try {
            failed(name, status);
          } catch (err) {
            failure = err as Error;
            abort.abort();
            return;
          }
          if (test(status)) {
            found = status;
            abort.abort();
          }
        },
      );
      opened();
      await stream.catch(() => undefined);
      if (failure) throw failure;
      if (found) return found;
      throw new Error(`flux: no ${what} within ${TIMEOUT_MS / 1000} s; kustomize-controller:\n${this.flux.logs()['kustomize-controller'] ?? ''}`);
    };
    const done = (async () => {
      try {
        return await watch();
      } finally {
        clearTimeout(timer);
      }
    })();
    // A failure before the watch opened must not leave `watching` pending.
    done.catch(() => opened());
    return { watching, done };
  }

  private async create(apiVersion: string, plural: string, obj: Record<string, unknown>): Promise<void> {
    const res = await this.client.request({ method: 'POST', path: `/apis/${apiVersion}/namespaces/${NAMESPACE}/${plural}`, body: { apiVersion, ...obj } });
    if (res.status >= 300) throw new Error(`creating ${String(obj.kind)}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  }

  private async status(apiVersion: string, plural: string, name: string): Promise<FluxStatus> {
    const res = await this.client.request({ method: 'GET', path: `/apis/${apiVersion}/namespaces/${NAMESPACE}/${plural}/${name}` });
    if (res.status >= 300) throw new Error(`reading ${plural}/${name}: HTTP ${res.status}`);
    return (res.body as { status?: FluxStatus }).status ?? {};
  }

  private async until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`flux: no ${what} within ${TIMEOUT_MS / 1000} s; kustomize-controller:\n${this.flux.logs()['kustomize-controller'] ?? ''}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private async logLength(): Promise<number> {
    return (await readFile(this.flux.kustomizeController.logPath, 'utf8')).length;
  }

  /**
   * The duration in kustomize-controller's "Reconciliation finished in 1.23s" line for this Kustomization. The
   * controller logs it after writing the status the bench saw, so the line may take a moment to appear.
   */
  private async finishedMs(from: number, name: string): Promise<number | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const text = (await readFile(this.flux.kustomizeController.logPath, 'utf8')).slice(from);
      for (const line of text.split('\n')) {
        if (!line.includes(`"name":"${name}"`)) continue;
        const m = /Reconciliation finished in ([\d.]+)(ms|s)/.exec(line);
        if (m) return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return undefined;
  }
}

const ready = (s: FluxStatus): boolean => s.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const condition = (s: FluxStatus): string => {
  const r = s.conditions?.find((c) => c.type === 'Ready');
  return r ? `${r.reason}: ${(r.message ?? '').slice(0, 60)}` : 'no Ready condition';
};

/** A Kustomization that failed for good (a build or validation error) stops the bench instead of timing out. */
function failed(name: string, s: FluxStatus): void {
  const r = s.conditions?.find((c) => c.type === 'Ready');
  if (r?.status === 'False' && r.reason !== 'Progressing' && r.reason !== 'DependencyNotReady') throw new Error(`flux: Kustomization ${name} failed: ${r.reason}: ${r.message}`);
}
