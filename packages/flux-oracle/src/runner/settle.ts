import type { KubernetesObject } from '@kubernetes/client-node';
import type { Side } from '../sides/side.js';
import { requestReconcile } from './cluster-actions.js';
import { GIT_REPOSITORY, takeSnapshot, type ManagedRef, type TakenSnapshot } from './snapshot.js';

type FluxObj = KubernetesObject & { spec?: { suspend?: boolean }; status?: { lastHandledReconcileAt?: string; observedGeneration?: number; conditions?: Array<{ type?: string; status?: string }> } };

const POLL_MS = 500;
/** A side counts as settled once its snapshot stayed the same this long after every object handled the request. */
const QUIET_MS = 2_500;
/** …or this long with requests not handled but nothing at work (a dependency retried, a source that fails). */
const IDLE_MS = 8_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const key = (s: TakenSnapshot): string => JSON.stringify([...s.snapshot]);

const readyOf = (o: FluxObj) => o.status?.conditions?.find((c) => c.type === 'Ready');

function handled(o: FluxObj, token: string): boolean {
  if (o.spec?.suspend) return true;
  const ready = readyOf(o);
  return o.status?.lastHandledReconcileAt === token && o.status.observedGeneration === o.metadata?.generation && ready !== undefined && ready.status !== 'Unknown';
}

/** Still at work: a health check waiting out its timeout keeps Ready=Unknown for as long as it lasts. */
const working = (o: FluxObj): boolean => !o.spec?.suspend && (readyOf(o) === undefined || readyOf(o)?.status === 'Unknown');

/** Waits until `done` holds for every Flux object of `kind`, or the deadline passes. */
async function waitUntil(side: Side, namespace: string, kind: string, done: (o: FluxObj) => boolean, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const { fluxObjects } = await takeSnapshot(side, namespace, []);
    if ((fluxObjects as FluxObj[]).filter((o) => o.kind === kind).every(done)) return;
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
export async function reconcileAndSettle(side: Side, namespace: string, compare: ManagedRef[], timeoutMs: number, how: { request: boolean; observeMs: number } = { request: true, observeMs: 0 }): Promise<Settled> {
  const deadline = Date.now() + timeoutMs;
  // Without a request the side's own timers are what moves it: watched for a while before it can count as settled.
  if (!how.request) return settle(side, namespace, compare, deadline, undefined, Date.now() + how.observeMs);
  const token = new Date().toISOString();
  // A source still busy with the reconcile its creation or a commit started would fold the request into it on
  // one side and not the other, and the events would differ by chance: the request waits for it.
  const sourceDeadline = Math.min(deadline, Date.now() + 20_000);
  await waitUntil(side, namespace, GIT_REPOSITORY.kind, (o) => !working(o) && o.status?.observedGeneration === o.metadata?.generation, sourceDeadline);
  const first = await takeSnapshot(side, namespace, compare);
  const sources = first.fluxObjects.filter((o) => o.kind === GIT_REPOSITORY.kind);
  for (const o of sources) await requestReconcile(side, o, token);
  await waitUntil(side, namespace, GIT_REPOSITORY.kind, (o) => handled(o, token), sourceDeadline);
  for (const o of first.fluxObjects.filter((x) => x.kind !== GIT_REPOSITORY.kind)) await requestReconcile(side, o, token);
  return settle(side, namespace, compare, deadline, token, Date.now() + how.observeMs);
}

/**
 * Polls until the side stops changing: quiet for a while once every object handled `token`, or quiet for
 * longer with nothing at work (no token: nothing was asked, so only the second rule can end the wait).
 */
async function settle(side: Side, namespace: string, compare: ManagedRef[], deadline: number, token: string | undefined, notBefore: number): Promise<Settled> {
  let last = await takeSnapshot(side, namespace, compare);
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
    const objects = snap.fluxObjects as FluxObj[];
    const allHandled = token !== undefined && objects.every((o) => handled(o, token));
    if (Date.now() >= notBefore && ((allHandled && quiet >= QUIET_MS) || (!objects.some(working) && quiet >= IDLE_MS))) return { snap, settled: true };
  }
  return { snap: last, settled: false };
}
