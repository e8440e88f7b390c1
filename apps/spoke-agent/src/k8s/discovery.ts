import { apiFailure } from './api-error.js';
import type { KubeClient } from './kube-client.js';
import { isRecord, type ObjectRef } from './object-ref.js';

export interface ResourceMapping {
  /** The plural resource name in the URL: `deployments`. */
  resource: string;
  namespaced: boolean;
}

/**
 * Maps apiVersion + kind to the REST resource, reading one group-version's discovery document at a time
 * and caching it. A kind missing from a cached document triggers one re-read, because a CRD applied
 * moments ago (stage 1) adds kinds to a group-version the cache already holds.
 */
export class RestMapper {
  private readonly cache = new Map<string, Promise<Map<string, ResourceMapping> | undefined>>();

  constructor(private readonly client: KubeClient) {}

  async mapping(apiVersion: string, kind: string): Promise<ResourceMapping | undefined> {
    const hit = (await this.groupVersion(apiVersion, false))?.get(kind);
    if (hit) return hit;
    return (await this.groupVersion(apiVersion, true))?.get(kind);
  }

  /** The collection path (`/apis/apps/v1/namespaces/ns/deployments`) and the object path beneath it. */
  async paths(ref: ObjectRef): Promise<{ collection: string; object: string; mapping: ResourceMapping } | undefined> {
    const mapping = await this.mapping(ref.apiVersion, ref.kind);
    if (!mapping) return undefined;
    const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const collection = mapping.namespaced && ref.namespace
      ? `${base}/namespaces/${encodeURIComponent(ref.namespace)}/${mapping.resource}`
      : `${base}/${mapping.resource}`;
    return { collection, object: `${collection}/${encodeURIComponent(ref.name)}`, mapping };
  }

  /** Forget everything, e.g. after CRDs were deleted. */
  reset(): void {
    this.cache.clear();
  }

  private groupVersion(apiVersion: string, refresh: boolean): Promise<Map<string, ResourceMapping> | undefined> {
    const cached = this.cache.get(apiVersion);
    if (cached && !refresh) return cached;
    const p = this.load(apiVersion);
    this.cache.set(apiVersion, p);
    // A failed read must not poison the cache.
    p.catch(() => this.cache.delete(apiVersion));
    return p;
  }

  private async load(apiVersion: string): Promise<Map<string, ResourceMapping> | undefined> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const res = await this.client.request({ method: 'GET', path });
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      const f = apiFailure(res.status, res.body);
      throw new Error(`discovery of ${apiVersion} failed: ${f.message}`);
    }
    const out = new Map<string, ResourceMapping>();
    const list = isRecord(res.body) && Array.isArray(res.body.resources) ? res.body.resources : [];
    for (const r of list) {
      if (!isRecord(r) || typeof r.name !== 'string' || typeof r.kind !== 'string' || r.name.includes('/')) continue;
      out.set(r.kind, { resource: r.name, namespaced: r.namespaced === true });
    }
    return out;
  }
}
