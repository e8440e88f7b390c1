import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { binaryPath } from './binaries.js';
import { upstreamFluxCrds } from './flux.js';
import type { TestCluster } from './kube/cluster.js';
import { TestenvError } from './process/errors.js';
import { ManagedProcess } from './process/managed-process.js';
import { freePort } from './process/ports.js';
import { makeTempDir, removeDir } from './process/temp-dir.js';
import { waitFor } from './process/wait.js';

export interface StartFluxOptions {
  /** kustomize-controller's `--requeue-dependency` (Flux's default is 30s; scenarios want it shorter). */
  requeueDependency?: string;
  /** `--log-level` of both controllers (default info). */
  logLevel?: 'debug' | 'info' | 'error';
  /** More flags for kustomize-controller (e.g. `--kube-api-qps=…` to lift its client's rate limit in a benchmark). */
  kustomizeControllerArgs?: string[];
}

export interface TestFlux {
  /** Where source-controller serves its artifacts (what its status.artifact.url points at). */
  storageUrl: string;
  sourceController: ManagedProcess;
  kustomizeController: ManagedProcess;
  logs(): Record<string, string>;
  stop(): Promise<void>;
}

/** The namespace Flux's controllers consider their own (RUNTIME_NAMESPACE); they record their leases and events there. */
const RUNTIME_NAMESPACE = 'flux-system';
const execFileAsync = promisify(execFile);
const FLUX_GROUPS = new Set(['source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io']);

/**
 * Applied with kubectl from the YAML as Flux ships it: the typed client would drop the schema's `default` and
 * `x-kubernetes-*` keys, which it only knows under other names, and Flux's controllers rely on those defaults.
 */
async function installCrds(cluster: TestCluster, dir: string): Promise<void> {
  const { crds } = await upstreamFluxCrds();
  const mine = crds.filter((c) => FLUX_GROUPS.has(String((c as { spec?: { group?: string } }).spec?.group)));
  const file = path.join(dir, 'flux-crds.yaml');
  await writeFile(file, mine.map((c) => stringify(c)).join('---\n'));
  const kubectl = await binaryPath('kubectl');
  const run = (args: string[]) => execFileAsync(kubectl, [...args, '--kubeconfig', cluster.kubeconfigPath], { maxBuffer: 16 * 1024 * 1024 });
  try {
    await run(['apply', '--server-side', '-f', file]);
    await run(['wait', '--for=condition=Established', '--timeout=30s', '-f', file]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new TestenvError("installing Flux's CRDs failed", 'kubectl', (e.stderr ?? e.message).trim());
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  } catch {
    return false;
  }
}

/**
 * Flux's own source-controller and kustomize-controller, built at the versions the pinned flux CLI requires, run
 * outside the cluster against it with its admin kubeconfig: Flux's CRDs from the controllers' Go modules,
 * every namespace watched, leader election off, every port on 127.0.0.1. kustomize-controller downloads artifacts
 * from source-controller's advertised storage address, as it does in a cluster.
 */
export async function startFlux(cluster: TestCluster, opts: StartFluxOptions = {}): Promise<TestFlux> {
  const [sourceBin, kustomizeBin, dir] = await Promise.all([
    binaryPath('source-controller'),
    binaryPath('kustomize-controller'),
    makeTempDir('flux-controllers'),
  ]);
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const p of [...processes].reverse()) await p.stop();
    await removeDir(dir);
  };
  try {
    await installCrds(cluster, dir);
    const core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: RUNTIME_NAMESPACE } } }).catch((err: unknown) => {
      if ((err as { code?: number }).code !== 409) throw err;
    });
    const storage = path.join(dir, 'storage');
    await mkdir(storage, { recursive: true });
    const [storagePort, ...ports] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const [sourceMetrics, sourceHealth, kustomizeMetrics, kustomizeHealth] = ports as [number, number, number, number];
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, RUNTIME_NAMESPACE };
    const common = (metrics: number, health: number): string[] => [
      `--metrics-addr=127.0.0.1:${metrics}`,
      `--health-addr=127.0.0.1:${health}`,
      '--enable-leader-election=false',
      '--watch-all-namespaces=true',
      `--log-level=${opts.logLevel ?? 'info'}`,
      '--log-encoding=json',
    ];
    const storageAddr = `127.0.0.1:${storagePort}`;
    const source = ManagedProcess.start({
      name: 'source-controller',
      command: sourceBin,
      args: [...common(sourceMetrics, sourceHealth), `--storage-path=${storage}`, `--storage-addr=${storageAddr}`, `--storage-adv-addr=${storageAddr}`],
      logPath: path.join(dir, 'source-controller.log'),
      env,
    });
    processes.push(source);
    const kustomize = ManagedProcess.start({
      name: 'kustomize-controller',
      command: kustomizeBin,
      args: [...common(kustomizeMetrics, kustomizeHealth), ...(opts.requeueDependency ? [`--requeue-dependency=${opts.requeueDependency}`] : []), ...(opts.kustomizeControllerArgs ?? [])],
      logPath: path.join(dir, 'kustomize-controller.log'),
      env,
    });
    processes.push(kustomize);
    await waitFor(async () => ((await healthy(sourceHealth)) && (await healthy(kustomizeHealth)) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
      watch: processes,
      what: 'source-controller and kustomize-controller to be ready',
    });
    return {
      storageUrl: `http://${storageAddr}`,
      sourceController: source,
      kustomizeController: kustomize,
      logs: () => Object.fromEntries(processes.map((p) => [p.name, p.tail(60)])),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
