import { mapLimit } from './concurrency.js';
import { isRecord, labelsOf, metadataOf, refOf, type KubeObject } from './object-ref.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from './options.js';
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

// Collections with at least this many objects of a build are read with a LIST instead of one GET each.
const LIST_THRESHOLD = 8;
// Items per page of those LISTs. A build's objects often share a namespace with many others (50 Kustomizations of
// 20 objects in one namespace): a whole-collection answer held at once, four builds at a time, was most of the
// agent's peak memory. Pages bound what is held to one page plus the build's own objects.
export const LIST_PAGE_SIZE = 100;

/** The label selector of the Kustomization every one of these objects carries the owner labels of, if one does. */
function ownerSelector(objects: readonly KubeObject[]): string | undefined {
  let selector: string | undefined;
  for (const o of objects) {
    const labels = labelsOf(o);
    const name = labels[OWNER_NAME_LABEL];
    const namespace = labels[OWNER_NAMESPACE_LABEL];
    if (!name || !namespace) return undefined;
    const own = `${OWNER_NAME_LABEL}=${name},${OWNER_NAMESPACE_LABEL}=${namespace}`;
    if (selector !== undefined && own !== selector) return undefined;
    selector = own;
  }
  return selector;
}

interface Listed {
  byName: Map<string, KubeObject>;
  /** Every wanted name was looked for: one missing from `byName` does not exist. Otherwise it is read with a GET. */
  complete: boolean;
}

/**
 * Reads live objects for validation. For large builds it lists whole collections once, page by page, keeping
 * only the build's objects (a 1,000-object build in a few namespaces becomes a few paged LISTs instead of 1,000
 * GETs); a LIST the identity may not make (RBAC), or one whose continue token expired, falls back to GETs.
 * A build whose objects carry one Kustomization's owner labels (every build the agent applies) first lists only
 * the objects with those labels: once it has been applied, what it reads grows with the build, not with the
 * namespace (50 Kustomizations of 20 objects in one namespace each read up to 950 others' ConfigMaps before).
 * A few of its objects not found so are read with a GET each; many (its first apply) with the whole collection's
 * LIST, as before, rather than a GET each.
 */
export class LiveReader {
  private readonly listed = new Map<string, Listed>();

  constructor(private readonly ctx: EngineContext) {}

  static async prefetch(ctx: EngineContext, objects: readonly KubeObject[], concurrency = 4): Promise<LiveReader> {
    const reader = new LiveReader(ctx);
    const wanted = new Map<string, Set<string>>();
    await mapLimit(objects, concurrency * 4, async (o) => {
      const ref = refOf(o);
      if (!ref.apiVersion || !ref.kind || !ref.name) return;
      const p = await pathsFor(ctx, ref).catch(() => undefined);
      if (!p?.ok) return;
      const i = p.object.lastIndexOf('/');
      const collection = p.object.slice(0, i);
      const names = wanted.get(collection) ?? new Set<string>();
      names.add(decodeURIComponent(p.object.slice(i + 1)));
      wanted.set(collection, names);
    });
    const big = [...wanted].filter(([, names]) => names.size >= LIST_THRESHOLD);
    const selector = ownerSelector(objects);
    await mapLimit(big, concurrency, ([c, names]) => reader.list(c, names, selector));
    return reader;
  }

  private async list(collection: string, names: ReadonlySet<string>, selector: string | undefined): Promise<void> {
    const own = selector === undefined ? undefined : await this.pages(collection, names, selector);
    const missing = own ? new Set([...names].filter((n) => !own.has(n))) : names;
    if (own && missing.size < LIST_THRESHOLD) return void this.listed.set(collection, { byName: own, complete: missing.size === 0 });
    const rest = await this.pages(collection, missing, undefined);
    if (rest) this.listed.set(collection, { byName: new Map([...(own ?? []), ...rest]), complete: true });
    else if (own) this.listed.set(collection, { byName: own, complete: false });
  }

  /** The wanted objects among a collection's (with a label selector, those carrying the labels); undefined when refused. */
  private async pages(collection: string, names: ReadonlySet<string>, labelSelector: string | undefined): Promise<Map<string, KubeObject> | undefined> {
    const byName = new Map<string, KubeObject>();
    let cont: string | undefined;
    do {
      const res = await this.ctx.client.request({ method: 'GET', path: collection, query: { limit: String(LIST_PAGE_SIZE), continue: cont, labelSelector } });
      // Not allowed, or the continue token expired (410): the objects are read one GET each instead.
      if (res.status !== 200 || !isRecord(res.body) || !Array.isArray(res.body.items)) return undefined;
      const kind = typeof res.body.kind === 'string' ? res.body.kind.replace(/List$/, '') : undefined;
      const apiVersion = res.body.apiVersion;
      for (const item of res.body.items) {
        if (!isRecord(item)) continue;
        const name = String(metadataOf(item).name ?? '');
        // List items carry no apiVersion/kind; restore them so live and dry-run objects compare equal.
        if (names.has(name)) byName.set(name, { apiVersion, kind, ...item });
      }
      const listMeta = isRecord(res.body.metadata) ? res.body.metadata : {};
      cont = typeof listMeta.continue === 'string' && listMeta.continue.length > 0 ? listMeta.continue : undefined;
    } while (cont);
    return byName;
  }

  async get(path: string): Promise<Answer<KubeObject | undefined>> {
    const i = path.lastIndexOf('/');
    const listed = this.listed.get(path.slice(0, i));
    const found = listed?.byName.get(decodeURIComponent(path.slice(i + 1)));
    if (listed && (found || listed.complete)) return { ok: true, value: found, status: 200 };
    return getObject(this.ctx, path);
  }
}
