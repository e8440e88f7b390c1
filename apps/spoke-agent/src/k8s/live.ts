import { mapLimit } from './concurrency.js';
import { isRecord, metadataOf, refOf, type KubeObject } from './object-ref.js';
import { getObject, pathsFor, type Answer, type EngineContext } from './requests.js';

export type Drift = 'create' | 'update' | 'none';

// What an apply can change, without what the API server maintains on its own (status, resourceVersion,
// managedFields timestamps, generation). Ownership moves alone are not drift: the values are right.
function comparable(obj: KubeObject): unknown {
  const meta = metadataOf(obj);
  const { status: _status, metadata: _metadata, ...rest } = obj;
  return { ...rest, labels: meta.labels, annotations: meta.annotations, finalizers: meta.finalizers, ownerReferences: meta.ownerReferences };
}

/** Flux's drift rule: patch only when the dry-run result differs from the live object. */
export function driftOf(live: KubeObject | undefined, dryRun: KubeObject): Drift {
  if (!live) return 'create';
  return stableJson(comparable(live)) === stableJson(comparable(dryRun)) ? 'none' : 'update';
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (isRecord(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

// Collections with at least this many objects of a build are read with one LIST instead of one GET each.
const LIST_THRESHOLD = 8;

/**
 * Reads live objects for validation. For large builds it lists whole collections once (a 1,000-object
 * build in a few namespaces becomes a handful of LISTs instead of 1,000 GETs); a LIST the identity may not
 * make (RBAC) falls back to GETs.
 */
export class LiveReader {
  private readonly listed = new Map<string, Map<string, KubeObject>>();

  constructor(private readonly ctx: EngineContext) {}

  static async prefetch(ctx: EngineContext, objects: readonly KubeObject[], concurrency = 4): Promise<LiveReader> {
    const reader = new LiveReader(ctx);
    const counts = new Map<string, number>();
    await mapLimit(objects, concurrency * 4, async (o) => {
      const ref = refOf(o);
      if (!ref.apiVersion || !ref.kind || !ref.name) return;
      const p = await pathsFor(ctx, ref).catch(() => undefined);
      if (!p?.ok) return;
      const collection = p.object.slice(0, p.object.lastIndexOf('/'));
      counts.set(collection, (counts.get(collection) ?? 0) + 1);
    });
    const big = [...counts].filter(([, n]) => n >= LIST_THRESHOLD).map(([c]) => c);
    await mapLimit(big, concurrency, (c) => reader.list(c));
    return reader;
  }

  private async list(collection: string): Promise<void> {
    const res = await this.ctx.client.request({ method: 'GET', path: collection });
    if (res.status !== 200 || !isRecord(res.body) || !Array.isArray(res.body.items)) return;
    const byName = new Map<string, KubeObject>();
    const listMeta = isRecord(res.body.metadata) ? res.body.metadata : {};
    if (listMeta.continue) return; // partial lists are not trusted; GET each object instead
    const kind = typeof res.body.kind === 'string' ? res.body.kind.replace(/List$/, '') : undefined;
    const apiVersion = res.body.apiVersion;
    for (const item of res.body.items) {
      if (!isRecord(item)) continue;
      // List items carry no apiVersion/kind; restore them so live and dry-run objects compare equal.
      const full = { apiVersion, kind, ...item };
      byName.set(String(metadataOf(item).name ?? ''), full);
    }
    this.listed.set(collection, byName);
  }

  async get(path: string): Promise<Answer<KubeObject | undefined>> {
    const i = path.lastIndexOf('/');
    const listed = this.listed.get(path.slice(0, i));
    if (listed) return { ok: true, value: listed.get(decodeURIComponent(path.slice(i + 1))), status: 200 };
    return getObject(this.ctx, path);
  }
}
