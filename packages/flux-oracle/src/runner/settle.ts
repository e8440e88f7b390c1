import type { KubernetesObject } from '@kubernetes/client-node';
import type { Side } from '../sides/side.js';
import { requestReconcile } from './cluster-actions.js';
import { GIT_REPOSITORY, takeSnapshot, type ManagedRef, type TakenSnapshot } from './snapshot.js';

type FluxObj = KubernetesObject & { spec?: { suspend?: boolean }; status?: { lastHandledReconcileAt?: string; observedGeneration?: number; conditions?: Array<{ type?: string; status?: string }> } };

const POLL_MS = 500;
/** A side counts as settled once its snapshot stayed the same this long after every object handled the request. */
const QUIET_MS = 2_500;
/** …or this long with requests not handled (a suspended object, a dependency retried). */
const IDLE_MS = 8_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const key = (s: TakenSnapshot): string => JSON.stringify([...s.snapshot]);

function handled(o: FluxObj, token: string): boolean {
  if (o.spec?.suspend) return true;
  const ready = o.status?.conditions?.find((c) => c.type === 'Ready');
  return o.status?.lastHandledReconcileAt === token && o.status.observedGeneration === o.metadata?.generation && ready !== undefined && ready.status !== 'Unknown';
}

/** Waits until `done` holds for every Flux object of `kind`s listed, or the deadline passes. */
async function waitHandled(side: Side, namespace: string, token: string, kind: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const { fluxObjects } = await takeSnapshot(side, namespace, []);
    if (fluxObjects.filter((o) => o.kind === kind).every((o) => handled(o as FluxObj, token))) return;
    await sleep(POLL_MS);
  }
}

export interface Settled {
  snap: TakenSnapshot;
  settled: boolean;
}

/**
 * Asks one side's Flux objects to reconcile as `flux reconcile ks --with-source` does — the sources first, then,
 * once they handled it, the Kustomizations — and waits until its state stops changing.
 */
export async function reconcileAndSettle(side: Side, namespace: string, compare: ManagedRef[], timeoutMs: number): Promise<Settled> {
  const deadline = Date.now() + timeoutMs;
  const token = new Date().toISOString();
  const first = await takeSnapshot(side, namespace, compare);
  const sources = first.fluxObjects.filter((o) => o.kind === GIT_REPOSITORY.kind);
  for (const o of sources) await requestReconcile(side, o, token);
  await waitHandled(side, namespace, token, GIT_REPOSITORY.kind, Math.min(deadline, Date.now() + 20_000));
  for (const o of first.fluxObjects.filter((x) => x.kind !== GIT_REPOSITORY.kind)) await requestReconcile(side, o, token);
  let last = first;
  let lastKey = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    const snap = await takeSnapshot(side, namespace, compare);
    const k = key(snap);
    if (k !== lastKey) {
      lastKey = k;
      since = Date.now();
    }
    last = snap;
    const quiet = Date.now() - since;
    const allHandled = snap.fluxObjects.every((o) => handled(o as FluxObj, token));
    if ((allHandled && quiet >= QUIET_MS) || quiet >= IDLE_MS) return { snap, settled: true };
  }
  return { snap: last, settled: false };
}
