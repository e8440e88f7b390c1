import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import type { KubeClient } from '@flotilla/spoke-agent/k8s';
import { binaryPath, runFlux } from '@flotilla/testenv';
import { FLUX_NAMESPACE, kustomizationsPath } from './fleet.js';

// Three ways to ask for a reconcile of an unchanged Kustomization and see it handled, each timed per request:
// - `flux reconcile ks`: sets reconcile.fluxcd.io/requestedAt, then polls the object every 2 s (fixed in the
//   CLI) until status.lastHandledReconcileAt matches and Ready is True: the figure is bounded by that poll;
// - `kubectl annotate` + `kubectl wait --for=jsonpath=…` (a watch): the same request from a CLI without a poll
//   interval, the peer;
// - the agent alone: a PATCH of the annotation from this process, then a watch event with the matching
//   status.lastHandledReconcileAt (no process start-up, no poll).

const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const KS = FLUX_KINDS.Kustomization;
const execFileAsync = promisify(execFile);

export type RoundTripVariant =
  'flux reconcile ks' | 'kubectl annotate + wait' | 'agent: PATCH → status (watch)';

export interface RoundTrips {
  variant: RoundTripVariant;
  samplesMs: number[];
}

const timed = async (fn: () => Promise<void>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

export async function fluxReconcile(kubeconfig: string, name: string, rounds: number): Promise<RoundTrips> {
  const samplesMs: number[] = [];
  for (let i = 0; i < rounds; i++)
    samplesMs.push(
      await timed(async () => {
        const r = await runFlux(['reconcile', 'ks', name, '-n', FLUX_NAMESPACE, '--timeout', '30s'], {
          kubeconfig,
          timeoutMs: 45_000,
        });
        if (r.exitCode !== 0) throw new Error(`flux reconcile ks ${name} exited ${r.exitCode}: ${r.stderr}`);
      }),
    );
  return { variant: 'flux reconcile ks', samplesMs };
}

export async function kubectlAnnotateWait(
  kubeconfig: string,
  name: string,
  rounds: number,
): Promise<RoundTrips> {
  const kubectl = await binaryPath('kubectl');
  const resource = `${KS.plural}.${KS.group}/${name}`;
  const run = (args: string[]) =>
    execFileAsync(kubectl, ['--kubeconfig', kubeconfig, '-n', FLUX_NAMESPACE, ...args], { timeout: 45_000 });
  const samplesMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // A value without ':' so kubectl's `jsonpath=<value>` parsing cannot split it.
    const at = `bench-kubectl-${i}-${Date.now()}`;
    samplesMs.push(
      await timed(async () => {
        await run(['annotate', '--overwrite', resource, `${REQUESTED_AT}=${at}`]);
        await run([
          'wait',
          resource,
          `--for=jsonpath={.status.lastHandledReconcileAt}=${at}`,
          '--timeout=30s',
        ]);
      }),
    );
  }
  return { variant: 'kubectl annotate + wait', samplesMs };
}

export async function agentOnly(kube: KubeClient, name: string, rounds: number): Promise<RoundTrips> {
  const abort = new AbortController();
  let waiting: { at: string; resolve: () => void } | undefined;
  let watching!: () => void;
  const started = new Promise<void>((resolve) => (watching = resolve));
  const watch = kube
    .stream(
      {
        path: kustomizationsPath,
        query: { watch: '1', fieldSelector: `metadata.name=${name}`, allowWatchBookmarks: 'true' },
        signal: abort.signal,
        idleTimeoutMs: 120_000,
      },
      (doc) => {
        const ev = doc as { type?: string; object?: { status?: { lastHandledReconcileAt?: string } } };
        // The watch starts with an ADDED event for the existing object: from then on nothing is missed.
        watching();
        if (waiting && ev.object?.status?.lastHandledReconcileAt === waiting.at) waiting.resolve();
      },
    )
    .catch(() => undefined);
  const samplesMs: number[] = [];
  try {
    await started;
    for (let i = 0; i < rounds; i++) {
      const at = `bench-agent-${i}-${Date.now()}`;
      const handled = new Promise<void>((resolve, reject) => {
        waiting = { at, resolve };
        setTimeout(() => reject(new Error(`${name}: ${at} not handled within 30 s`)), 30_000).unref();
      });
      samplesMs.push(
        await timed(async () => {
          const res = await kube.request({
            method: 'PATCH',
            path: `${kustomizationsPath}/${name}`,
            contentType: 'application/merge-patch+json',
            body: { metadata: { annotations: { [REQUESTED_AT]: at } } },
          });
          if (res.status !== 200) throw new Error(`PATCH ${name}: HTTP ${res.status}`);
          await handled;
        }),
      );
    }
  } finally {
    abort.abort();
    await watch;
  }
  return { variant: 'agent: PATCH → status (watch)', samplesMs };
}
