import { MAX_READ_OBJECT_CHARS, type ObjectRead, type ObjectReadResult } from '@flotilla/protocol';
import { inventoryId } from '@flotilla/reconcile-core';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { statusFromObject } from '../controller/kustomization-status.js';
import type { KubeObject, ResourceManager } from '../k8s/index.js';
import type { ReadResult } from '../k8s/read.js';
import type { Logger } from '../logging/logger.js';
import type { HelmReleaseInventoryReader } from './helm-release-inventory.js';
import type { LastBuilds } from './last-builds.js';
import { redacted } from './redact.js';

export interface ObjectReaderOptions {
  resources: ResourceManager;
  builds: LastBuilds;
  /** A Kustomization as the controller runtime's cache holds it. */
  kustomization: (namespace: string, name: string) => FluxObject | undefined;
  /** A HelmRelease as the controller runtime's cache holds it. */
  helmRelease: (namespace: string, name: string) => FluxObject | undefined;
  /** The objects of a HelmRelease's current release, from helm's storage. */
  helmReleases: Pick<HelmReleaseInventoryReader, 'inventory' | 'object'>;
  logger: Logger;
}

const CODES = { kind: 'KIND_UNKNOWN', forbidden: 'FORBIDDEN', failed: 'READ_FAILED' } as const;

/**
 * Answers the hub's `object.read`: one object of a Kustomization's inventory, live and as its last build wants
 * it, or one object of a HelmRelease's current release, live and as helm rendered it in that release (read from
 * helm's storage, as helm-controller's drift detection compares). Only what the owner's inventory names is read
 * (whatever the hub asked), and every object is redacted here, so no Secret value leaves the cluster. The desired
 * side is what a server-side dry-run apply of the built or rendered object gives (server defaults included, as
 * `flux diff` compares), so set against the live object it shows drift only; a Secret is shown as built (its
 * redacted values cannot be dry-run).
 */
export class ObjectReader {
  constructor(private readonly opts: ObjectReaderOptions) {}

  async read(req: ObjectRead): Promise<ObjectReadResult> {
    const { requestId, owner, target } = req;
    const fail = (code: Extract<ObjectReadResult, { ok: false }>['code'], message: string): ObjectReadResult => ({ requestId, ok: false, code, message });
    const entries = await this.inventory(owner);
    if (!entries) return fail('NOT_IN_INVENTORY', `${owner.kind} ${owner.namespace}/${owner.name} is not in this cluster`);
    const id = inventoryId({ group: target.group, kind: target.kind, namespace: target.namespace ?? '', name: target.name });
    const entry = entries.find((e) => e.id === id);
    const subject = `${target.kind}/${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
    if (!entry) return fail('NOT_IN_INVENTORY', `${subject} is not in the inventory of ${owner.kind} ${owner.namespace}/${owner.name}`);
    const apiVersion = target.group ? `${target.group}/${entry.v}` : entry.v;
    const live = await this.opts.resources.read({ apiVersion, kind: target.kind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) });
    if (!live.ok) return fail(CODES[live.reason], `cannot read ${subject}: ${live.message}`);
    const desired = await this.desired(req);
    const out = { requestId, ok: true as const, live: live.object ? redacted(live.object) : null, desired: desired ? redacted(desired) : null };
    if (JSON.stringify(out.live).length > MAX_READ_OBJECT_CHARS || JSON.stringify(out.desired).length > MAX_READ_OBJECT_CHARS) {
      return fail('OBJECT_TOO_LARGE', `${subject} is larger than ${MAX_READ_OBJECT_CHARS} characters as JSON`);
    }
    return out;
  }

  /** The owner's inventory entries; undefined when the owner is not in this cluster (or its release cannot be read). */
  private async inventory(owner: ObjectRead['owner']): Promise<readonly { id: string; v: string }[] | undefined> {
    if (owner.kind === 'Kustomization') {
      const ks = this.opts.kustomization(owner.namespace, owner.name);
      return ks && statusFromObject(ks.status).inventory.entries;
    }
    const hr = this.opts.helmRelease(owner.namespace, owner.name);
    return hr && (await this.opts.helmReleases.inventory(hr.status, { namespace: owner.namespace, name: owner.name, spec: hr.spec }));
  }

  /** What the owner wants of the object: its last build (a Kustomization) or its current release (a HelmRelease). */
  private async wanted({ owner, target }: ObjectRead): Promise<KubeObject | undefined> {
    if (owner.kind === 'Kustomization') return this.opts.builds.get(owner, target).object;
    const hr = this.opts.helmRelease(owner.namespace, owner.name);
    const ref = { group: target.group, version: '', kind: target.kind, namespace: target.namespace ?? '', name: target.name };
    return hr ? ((await this.opts.helmReleases.object(hr.status, ref)) as KubeObject | undefined) : undefined;
  }

  private async desired(req: ObjectRead): Promise<KubeObject | undefined> {
    const { target } = req;
    const built = await this.wanted(req);
    if (!built || (built.kind === 'Secret' && built.apiVersion === 'v1')) return built;
    let dry: ReadResult;
    try {
      dry = await this.opts.resources.dryRun(built);
    } catch (err) {
      dry = { ok: false, reason: 'failed', message: String(err) };
    }
    if (dry.ok && dry.object) return dry.object;
    if (!dry.ok) this.opts.logger.debug('dry-run of a built object failed; showing it as built', { kind: target.kind, name: target.name, reason: dry.message });
    return built;
  }
}
