import type { FluxKindIdentity } from '@flotilla/reconcile-core';
import { backoffDelayMs, sleep, type BackoffPolicy } from '../connection/backoff.js';
import { apiFailure } from '../k8s/api-error.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';
import type { Logger } from '../logging/logger.js';
import type { FluxObject } from './kind-reconciler.js';

export interface WatchHandlers {
  /** An object appeared or changed; `previous` is what the cache held before (undefined when new). */
  upsert(obj: FluxObject, previous: FluxObject | undefined): void;
  /** An object is gone (a DELETED event, or missing from a relist). */
  remove(obj: FluxObject): void;
}

export interface ListWatchOptions {
  /** Between broken watches (client-go's reflector waits 800 ms doubling to 30 s). */
  backoff?: BackoffPolicy;
  /** Page size of a list. */
  pageSize?: number;
  /** How long the API server keeps one watch open (default 5–10 minutes, spread). */
  watchTimeoutSeconds?: number;
  random?: () => number;
}

export const WATCH_BACKOFF: BackoffPolicy = { baseMs: 800, maxMs: 30_000 };

export const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;
const keyOf = (o: FluxObject): string => objectKey(o.metadata?.namespace, o.metadata?.name ?? '');
const versionOf = (o: unknown): string => (isRecord(o) && isRecord(o.metadata) && typeof o.metadata.resourceVersion === 'string' ? o.metadata.resourceVersion : '');

/**
 * Whether `a` is a later version of the object than `b`. resourceVersions are opaque to clients, but every API
 * server backed by etcd hands out increasing integers; anything else only counts as newer when it differs.
 */
function isNewer(a: FluxObject, b: FluxObject): boolean {
  const [va, vb] = [versionOf(a), versionOf(b)];
  if (/^\d+$/.test(va) && /^\d+$/.test(vb)) return BigInt(va) > BigInt(vb);
  return va !== vb;
}

class Expired extends Error {}

/**
 * A cluster-wide list + watch of one kind with a cache, as client-go's reflector keeps it: list, then watch from
 * the list's resourceVersion with bookmarks; a watch that ends or breaks is resumed from the last resourceVersion
 * seen (events, bookmarks), so nothing that happened in between is missed; when the API server no longer has that
 * version (410 Gone) the kind is listed again and the difference with the cache is delivered — objects deleted
 * meanwhile included. Broken connections are retried with exponential backoff and full jitter.
 */
export class ListWatch {
  private readonly cache = new Map<string, FluxObject>();
  private resourceVersion = '';
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private markSynced!: () => void;
  /** Settles after the first complete list. */
  readonly synced = new Promise<void>((resolve) => (this.markSynced = resolve));
  /** Lists done so far (the first one included): relists after a 410 or a long outage show here. */
  lists = 0;
  /** Watch requests made and bookmarks received (diagnostics, tests). */
  watches = 0;
  bookmarks = 0;
  /** Consecutive failed attempts; anything received from the API server starts the backoff over. */
  private attempt = 0;

  constructor(
    private readonly client: KubeClient,
    readonly kind: FluxKindIdentity,
    private readonly handlers: WatchHandlers,
    private readonly logger: Logger,
    private readonly opts: ListWatchOptions = {},
  ) {}

  private get path(): string {
    return `/apis/${this.kind.group}/${this.kind.version}/${this.kind.plural}`;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  get(namespace: string | undefined, name: string): FluxObject | undefined {
    return this.cache.get(objectKey(namespace, name));
  }

  list(): FluxObject[] {
    return [...this.cache.values()];
  }

  /**
   * Records what one of our own writes returned, so the next read does not act on the older copy. The change is
   * delivered to the handlers now, and the watch event carrying the same version later is not delivered again:
   * otherwise that event would compare the object with itself and a watcher would miss the transition.
   */
  observe(obj: FluxObject): void {
    const key = keyOf(obj);
    const previous = this.cache.get(key);
    if (!previous || !isNewer(obj, previous)) return;
    this.cache.set(key, obj);
    this.handlers.upsert(obj, previous);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.relist();
        await this.watchOnce();
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof Expired) {
          this.logger.info('watch expired; listing again', { kind: this.kind.kind, resourceVersion: this.resourceVersion });
          this.resourceVersion = '';
          continue;
        }
        const retryInMs = backoffDelayMs(this.attempt++, this.opts.backoff ?? WATCH_BACKOFF, this.opts.random);
        this.logger.warn('watch broke; resuming', { kind: this.kind.kind, resourceVersion: this.resourceVersion, err: err instanceof Error ? err.message : String(err), retryInMs });
        await sleep(retryInMs, signal);
      }
    }
  }

  private async relist(): Promise<void> {
    const items: FluxObject[] = [];
    let cont: string | undefined;
    let listVersion = '';
    do {
      const res = await this.client.request({ method: 'GET', path: this.path, query: { limit: String(this.opts.pageSize ?? 500), continue: cont } });
      if (res.status === 410) {
        // The continue token expired between pages: start the list over.
        items.length = 0;
        cont = undefined;
        continue;
      }
      if (res.status !== 200 || !isRecord(res.body)) throw new Error(`listing ${this.kind.plural}: ${apiFailure(res.status, res.body).message}`);
      const body = res.body;
      if (Array.isArray(body.items)) items.push(...(body.items.filter(isRecord) as FluxObject[]));
      const meta = isRecord(body.metadata) ? body.metadata : {};
      cont = typeof meta.continue === 'string' && meta.continue.length > 0 ? meta.continue : undefined;
      listVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
    } while (cont);
    this.lists += 1;
    this.attempt = 0;
    const seen = new Set<string>();
    for (const item of items) {
      // A list does not carry each item's kind; the handlers and status writes want a whole object.
      const obj: FluxObject = { ...item, apiVersion: this.kind.apiVersion, kind: this.kind.kind };
      const key = keyOf(obj);
      seen.add(key);
      const previous = this.cache.get(key);
      this.cache.set(key, obj);
      if (!previous || versionOf(previous) !== versionOf(obj)) this.handlers.upsert(obj, previous);
    }
    for (const [key, obj] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      this.handlers.remove(obj);
    }
    this.resourceVersion = listVersion;
    this.markSynced();
  }

  /** One watch request, until the API server ends it, it breaks, or it reports an error. */
  private async watchOnce(): Promise<void> {
    const stop = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, stop.signal]);
    // The API server ends a watch after timeoutSeconds; spread them so kinds do not all reconnect together.
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? 300 + Math.floor((this.opts.random ?? Math.random)() * 300);
    this.watches += 1;
    let expired = false;
    let failure: string | undefined;
    const res = await this.client.stream(
      {
        path: this.path,
        query: { watch: 'true', resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds) },
        signal,
        idleTimeoutMs: (timeoutSeconds + 30) * 1000,
      },
      (doc) => {
        if (!isRecord(doc) || !isRecord(doc.object) || stop.signal.aborted) return;
        this.attempt = 0;
        const object = doc.object as FluxObject;
        switch (doc.type) {
          case 'ADDED':
          case 'MODIFIED': {
            const previous = this.cache.get(keyOf(object));
            this.resourceVersion = versionOf(object) || this.resourceVersion;
            // Already delivered by observe() (our own write), or older than what it recorded.
            if (previous && !isNewer(object, previous)) return;
            this.cache.set(keyOf(object), object);
            this.handlers.upsert(object, previous);
            return;
          }
          case 'DELETED':
            this.cache.delete(keyOf(object));
            this.resourceVersion = versionOf(object) || this.resourceVersion;
            this.handlers.remove(object);
            return;
          case 'BOOKMARK':
            this.bookmarks += 1;
            this.resourceVersion = versionOf(object) || this.resourceVersion;
            return;
          case 'ERROR': {
            const f = apiFailure(typeof doc.object.code === 'number' ? doc.object.code : 500, { kind: 'Status', ...doc.object });
            if (f.status === 410 || f.reason === 'Expired' || f.reason === 'Gone') expired = true;
            else failure = f.message;
            stop.abort();
            return;
          }
        }
      },
    ).catch((err: unknown) => {
      if (expired || failure !== undefined) return { status: 200, body: undefined };
      throw err;
    });
    if (expired || res.status === 410) throw new Expired();
    if (failure !== undefined) throw new Error(`watching ${this.kind.plural}: ${failure}`);
    if (res.status !== 200) throw new Error(`watching ${this.kind.plural}: ${apiFailure(res.status, res.body).message}`);
    this.attempt = 0;
  }
}
