import type { KubernetesObject } from '@kubernetes/client-node';
import type { Side } from '../sides/side.js';
import { notFound } from './cluster-actions.js';

export const GIT_REPOSITORY = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository' } as const;
export const KUSTOMIZATION = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' } as const;
export const FLUX_KINDS = [GIT_REPOSITORY, KUSTOMIZATION] as const;

/** A side's state, flattened to `path → value` so two sides compare field by field. */
export type Snapshot = Map<string, string>;

type Obj = KubernetesObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
type Condition = { type?: string; status?: string; reason?: string };

/** An inventory entry's id, `<namespace>_<name>_<group>_<kind>`, with its version: enough to read the object. */
export interface ManagedRef {
  id: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
}

export function managedRef(id: string, version: string): ManagedRef | undefined {
  const parts = id.split('_');
  if (parts.length !== 4) return undefined;
  const [ns, name, group, kind] = parts as [string, string, string, string];
  return { id, apiVersion: group ? `${group}/${version}` : version, kind, name, namespace: ns || undefined };
}

/** Metadata both implementations must agree on is labels and annotations; these annotations are the API server's. */
const SERVER_ANNOTATIONS = new Set(['deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/last-applied-configuration']);

function flatten(prefix: string, value: unknown, out: Snapshot): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, '{}');
    for (const [k, v] of entries) flatten(`${prefix}.${k}`, v, out);
    return;
  }
  out.set(prefix, JSON.stringify(value));
}

function conditionsOf(o: Obj): Condition[] {
  const c = o.status?.conditions;
  return Array.isArray(c) ? (c as Condition[]) : [];
}

function fluxStatus(o: Obj, out: Snapshot): ManagedRef[] {
  const key = `${o.kind}/${o.metadata?.name}`;
  for (const type of ['Ready', 'Stalled', 'Reconciling']) {
    const c = conditionsOf(o).find((x) => x.type === type);
    out.set(`${key} ${type}`, c ? `${c.status} ${c.reason}` : 'absent');
  }
  const s = o.status ?? {};
  if (o.kind === KUSTOMIZATION.kind) {
    out.set(`${key} lastAppliedRevision`, String(s.lastAppliedRevision ?? ''));
    out.set(`${key} lastAttemptedRevision`, String(s.lastAttemptedRevision ?? ''));
    const entries = ((s.inventory as { entries?: Array<{ id: string; v: string }> } | undefined)?.entries ?? []).map((e) => ({ id: e.id, v: e.v }));
    out.set(`${key} inventory`, entries.map((e) => `${e.id} ${e.v}`).sort().join(', '));
    return entries.flatMap((e) => managedRef(e.id, e.v) ?? []);
  }
  out.set(`${key} artifact.revision`, String((s.artifact as { revision?: string } | undefined)?.revision ?? ''));
  return [];
}

function liveObject(ref: ManagedRef, o: Obj | undefined, out: Snapshot): void {
  const key = `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  if (!o) return void out.set(key, 'absent');
  out.set(key, 'exists');
  const annotations = Object.fromEntries(Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => !SERVER_ANNOTATIONS.has(k)));
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...body } = o as Obj & Record<string, unknown>;
  flatten(key, { labels: o.metadata?.labels ?? {}, annotations, ...body }, out);
}

async function read(side: Side, ref: ManagedRef): Promise<Obj | undefined> {
  try {
    return (await side.objects.read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } })) as Obj;
  } catch (err) {
    // A kind the cluster does not serve (its CRD gone or never installed) holds no object either.
    if (notFound(err) || /not found|does not exist|no matches/i.test(String((err as Error).message))) return undefined;
    throw err;
  }
}

export interface TakenSnapshot {
  snapshot: Snapshot;
  /** Every object the Kustomizations' inventories name now. */
  managed: ManagedRef[];
  /** The Flux objects, for the runner's reconcile requests and settling. */
  fluxObjects: Obj[];
}

/**
 * The state of one side in the scenario's namespace: the Flux objects' statuses, the objects in `compare` (those the
 * inventories ever named and the scenario's watch list, so pruned ones show as absent) and the event reasons.
 */
export async function takeSnapshot(side: Side, namespace: string, compare: ManagedRef[]): Promise<TakenSnapshot> {
  const snapshot: Snapshot = new Map();
  const managed: ManagedRef[] = [];
  const fluxObjects: Obj[] = [];
  for (const kind of FLUX_KINDS) {
    const list = await side.objects.list<Obj>(kind.apiVersion, kind.kind, namespace).catch((err: unknown) => {
      if (notFound(err)) return { items: [] as Obj[] };
      throw err;
    });
    for (const o of list.items.sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)))) {
      fluxObjects.push({ ...o, apiVersion: kind.apiVersion, kind: kind.kind });
      managed.push(...fluxStatus({ ...o, kind: kind.kind }, snapshot));
    }
  }
  const refs = new Map<string, ManagedRef>();
  for (const r of [...compare, ...managed]) refs.set(r.id, r);
  for (const ref of [...refs.values()].sort((a, b) => a.id.localeCompare(b.id))) liveObject(ref, await read(side, ref), snapshot);
  const events = await side.core.listNamespacedEvent({ namespace }).catch((err: unknown) => {
    if (notFound(err)) return { items: [] };
    throw err;
  });
  const reasons = new Map<string, Set<string>>();
  for (const e of events.items) {
    const inv = e.involvedObject;
    if (inv.kind !== GIT_REPOSITORY.kind && inv.kind !== KUSTOMIZATION.kind) continue;
    const key = `events ${inv.kind}/${inv.name}`;
    reasons.set(key, (reasons.get(key) ?? new Set()).add(`${e.type} ${e.reason}`));
  }
  for (const [key, set] of reasons) snapshot.set(key, [...set].sort().join(', '));
  return { snapshot, managed, fluxObjects };
}
