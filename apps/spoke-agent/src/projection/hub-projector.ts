import { isDeepStrictEqual } from 'node:util';
import { HUB_GENERATION_ANNOTATION, HUB_OWNER_LABEL, HUB_OWNER_VALUE, isHubOwned, type AssignedKustomization, type AssignedSource, type Assignment } from '@flotilla/protocol';
import { helmReleaseSpec, kustomizationSpec } from '@flotilla/protocol/flux';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { sourceKey } from '../assignment/assignment.js';
import type { FluxObject, ObjectLookup } from '../controller/kind-reconciler.js';
import { apiFailure } from '../k8s/api-error.js';
import { mapLimit } from '../k8s/concurrency.js';
import { FIELD_MANAGER } from '../k8s/field-manager.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';
import type { Logger } from '../logging/logger.js';
import { keyOfProjected, projectAssignment, projectedKey, type ProjectedObject, type Projection } from './projected-objects.js';

export interface HubProjectorOptions {
  client: KubeClient;
  /** The controller runtime's watch caches (Kustomizations and ExternalArtifacts). */
  lookup: ObjectLookup;
  /** Where the artifact cache keeps its files (the ExternalArtifacts' url). */
  artifactsDir: string;
  logger: Logger;
  /**
   * A placement that cannot be projected because an object it needs exists without the hub's label (message),
   * or that can again (undefined). Called on every change of that answer.
   */
  onConflict: (placement: AssignedKustomization, message: string | undefined) => void;
  now?: () => Date;
}

/** Placements written at once: hundreds of sequential requests would hold back the first reconciles. */
const PROJECTION_CONCURRENCY = 8;

/** Reason of the hub placement's Ready=False when an object of its name belongs to someone else. */
export const OWNERSHIP_CONFLICT = 'OwnershipConflict';

type Kind = ProjectedObject['kind'];
const FLUX: Partial<Record<Kind, FluxKindIdentity>> = { ExternalArtifact: FLUX_KINDS.ExternalArtifact, Kustomization: FLUX_KINDS.Kustomization, HelmRelease: FLUX_KINDS.HelmRelease };

function collectionPath(kind: Kind, namespace: string | undefined): string {
  if (kind === 'Namespace') return '/api/v1/namespaces';
  if (kind === 'ConfigMap') return `/api/v1/namespaces/${namespace}/configmaps`;
  const k = FLUX[kind]!;
  return `/apis/${k.group}/${k.version}/namespaces/${namespace}/${k.plural}`;
}
const objectPath = (p: ProjectedObject): string => `${collectionPath(p.kind, p.object.metadata?.namespace)}/${p.object.metadata?.name}`;
const subject = (p: ProjectedObject): string => `${p.kind} ${p.object.metadata?.namespace}/${p.object.metadata?.name}`;

/** A spec as Flux reads it (the CRD's defaults filled in), so an API server default is not taken for an edit. */
function specAsRead(kind: Kind, spec: unknown): unknown {
  const schema = kind === 'Kustomization' ? kustomizationSpec : kind === 'HelmRelease' ? helmReleaseSpec : undefined;
  if (!schema) return spec ?? {};
  const parsed = schema.safeParse(spec);
  return parsed.success ? parsed.data : spec;
}

/** What the hub decides of a projected object: its spec (a ConfigMap's data), its labels and the hub generation. */
function drifted(want: ProjectedObject, have: FluxObject): boolean {
  const body = (o: FluxObject) => (want.kind === 'ConfigMap' ? (o as Record<string, unknown>).data : specAsRead(want.kind, o.spec));
  const annotation = (o: FluxObject) => o.metadata?.annotations?.[HUB_GENERATION_ANNOTATION];
  return !isDeepStrictEqual(body(want.object), body(have)) || !isDeepStrictEqual(want.object.metadata?.labels ?? {}, have.metadata?.labels ?? {}) || annotation(want.object) !== annotation(have);
}

function statusDrifted(want: ProjectedObject, have: FluxObject): boolean {
  return want.status !== undefined && !isDeepStrictEqual(want.status.artifact, have.status?.artifact);
}

type Ensured = { ok: true } | { ok: false; conflict: string };

/**
 * Keeps the hub's placements in the cluster as Flux objects (projected-objects.ts): creates what is missing,
 * reverts an edit of what the hub decides (spec, labels), deletes what is no longer placed (a Kustomization's
 * finalizer then prunes by its deletionPolicy, in the controller runtime like any Kustomization). Objects are
 * created with POST and replaced with PUT at the resourceVersion that was checked: an object of the same kind and
 * name that does not carry the hub's label is never overwritten, even one created a moment ago — its placement
 * is reported as an ownership conflict instead. One pass at a time; changes arriving meanwhile make one more.
 */
export class HubProjector {
  private projection: Projection | undefined;
  private assignment: Assignment | undefined;
  /** The assignment before the one in force: its placements are the ones being removed. */
  private previous: Assignment | undefined;
  private started = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private again = false;
  /** Re-read the ConfigMaps (not watched) on the next pass. */
  private fullPass = true;
  private readonly namespaces = new Set<string>();
  private readonly configMaps = new Set<string>();
  private readonly conflicts = new Map<string, string>();
  /** Objects written but not yet in the runtime's caches as written: their Kustomizations wait for them. */
  private readonly awaiting = new Set<string>();
  /** When each source revision was first projected: its artifact's lastUpdateTime. */
  private readonly artifactTimes = new Map<string, string>();

  constructor(private readonly opts: HubProjectorOptions) {}

  /** The assignment in force (persisted or from the hub); projected once the runtime's caches are synced. */
  setAssignment(assignment: Assignment): Promise<void> {
    if (this.assignment) this.previous = this.assignment;
    this.assignment = assignment;
    this.projection = undefined;
    this.fullPass = true;
    return this.schedule();
  }

  /** The runtime listed every kind: its caches say what is in the cluster. */
  start(): Promise<void> {
    this.started = true;
    return this.schedule();
  }

  /** A watched Kustomization or ExternalArtifact changed: a pass when it is one the projection cares about. */
  observed(kind: FluxKindIdentity, object: FluxObject, deleted: boolean): void {
    if (!this.started || !this.assignment) return;
    const key = projectedKey(kind.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '');
    const want = this.current().owned.get(key);
    const relevant =
      this.awaiting.has(key) ||
      (want
        ? deleted || drifted(want, object) || statusDrifted(want, object) || !isHubOwned(object.metadata?.labels)
        : isHubOwned(object.metadata?.labels));
    if (relevant) void this.schedule();
  }

  /**
   * Whether the hub placed this Kustomization or HelmRelease here, in the assignment in force or the one before
   * it (whose removals are under way) — as the hub admits reports. A projected object of neither is not this
   * agent's business to report: it is deleted as unplaced.
   */
  placed(kind: string, namespace: string, name: string): boolean {
    const list = (a: Assignment | undefined) => (kind === FLUX_KINDS.HelmRelease.kind ? (a?.helmReleases ?? []) : kind === FLUX_KINDS.Kustomization.kind ? (a?.kustomizations ?? []) : []);
    const named = (a: Assignment | undefined) => list(a).some((k) => k.namespace === namespace && k.name === name);
    return named(this.assignment) || named(this.previous);
  }

  /** Resolves once no pass is running or due. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No pass starts from now on; resolves when the running one is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settled();
  }

  private current(): Projection {
    this.projection ??= projectAssignment(this.assignment!, this.opts.artifactsDir, (s) => this.artifactTime(s));
    return this.projection;
  }

  private artifactTime(s: AssignedSource): string {
    const key = `${sourceKey(s)}@${s.revision}@${s.digest}`;
    let at = this.artifactTimes.get(key);
    if (!at) {
      at = (this.opts.now ?? (() => new Date()))().toISOString().replace(/\.\d+Z$/, 'Z');
      for (const k of this.artifactTimes.keys()) if (k.startsWith(`${sourceKey(s)}@`)) this.artifactTimes.delete(k);
      this.artifactTimes.set(key, at);
    }
    return at;
  }

  private schedule(): Promise<void> {
    if (!this.started || this.stopped || !this.assignment) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.pass();
        } catch (err) {
          this.opts.logger.error('cannot project the hub’s placements into the cluster', { err: err instanceof Error ? err.message : String(err) });
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const projection = this.current();
    const full = this.fullPass;
    this.fullPass = false;
    if (full) this.configMaps.clear();
    // Placements share namespaces and sources: two of them creating one object at once is a 201 and a 409, and
    // the 409 reads what the other created.
    await mapLimit(projection.placements, PROJECTION_CONCURRENCY, async (placement) => {
      let result: Ensured = { ok: true };
      for (const need of placement.needs) {
        result = await this.ensure(need);
        if (!result.ok) break;
      }
      // A Kustomization created before the runtime sees its source's artifact would first report that source
      // missing: it waits for the watch to bring the source as written (the next pass then creates it).
      if (result.ok && placement.needs.some((n) => !this.seen(n))) return;
      if (result.ok) result = await this.ensure(placement.kustomization);
      this.conflict(placement.assigned, result.ok ? undefined : result.conflict);
    });
    await mapLimit(projection.releases, PROJECTION_CONCURRENCY, async (r) => {
      let result: Ensured = { ok: true };
      for (const need of r.needs) {
        result = await this.ensure(need);
        if (!result.ok) break;
      }
      // As for Kustomizations: the release waits until the runtime sees its chart's ExternalArtifact as written.
      if (result.ok && r.needs.some((n) => !this.seen(n))) return;
      if (result.ok) result = await this.ensure(r.release);
      if (!result.ok) this.opts.logger.warn('a hub HelmRelease is not projected: an object of its name belongs to someone else', { helmRelease: `${r.assigned.namespace}/${r.assigned.name}`, reason: result.conflict });
    });
    const placed = new Set(projection.placements.map((p) => `${p.assigned.namespace}/${p.assigned.name}`));
    for (const key of this.conflicts.keys()) if (!placed.has(key)) this.conflicts.delete(key);
    await this.deleteUnplaced(projection, full);
  }

  /** Whether the runtime's cache holds a projected Flux object as written (other objects are not watched). */
  private seen(want: ProjectedObject): boolean {
    const identity = FLUX[want.kind];
    if (!identity) return true;
    const key = keyOfProjected(want);
    const have = this.opts.lookup.get(identity, want.object.metadata?.namespace ?? '', want.object.metadata?.name ?? '');
    const ok = have !== undefined && !drifted(want, have) && !statusDrifted(want, have);
    if (ok) this.awaiting.delete(key);
    else this.awaiting.add(key);
    return ok;
  }

  private conflict(placement: AssignedKustomization, message: string | undefined): void {
    const key = `${placement.namespace}/${placement.name}`;
    if (this.conflicts.get(key) === message) return;
    if (message === undefined) this.conflicts.delete(key);
    else {
      this.conflicts.set(key, message);
      this.opts.logger.warn('a hub placement is not projected: an object of its name belongs to someone else', { kustomization: key, reason: message });
    }
    this.opts.onConflict(placement, message);
  }

  private async ensure(want: ProjectedObject): Promise<Ensured> {
    if (want.kind === 'Namespace') return this.ensureNamespace(want);
    const key = keyOfProjected(want);
    if (want.kind === 'ConfigMap' && this.configMaps.has(key)) return { ok: true };
    let have = await this.read(want);
    if (!have) {
      have = await this.create(want);
      if (!have) return { ok: true };
    }
    if (!isHubOwned(have.metadata?.labels)) {
      return { ok: false, conflict: `${subject(want)} exists in the cluster without the label ${HUB_OWNER_LABEL}=${HUB_OWNER_VALUE}: it is not the hub’s and is left alone` };
    }
    // Being deleted (unplaced before, or by hand): its finalizer runs first, then the watch brings its removal.
    if (have.metadata?.deletionTimestamp) return { ok: true };
    if (drifted(want, have)) {
      const replaced = await this.replace(want, have);
      if (replaced) have = replaced;
    }
    if (statusDrifted(want, have)) await this.writeStatus(want);
    if (want.kind === 'ConfigMap') this.configMaps.add(key);
    return { ok: true };
  }

  private async ensureNamespace(want: ProjectedObject): Promise<Ensured> {
    const name = want.object.metadata!.name!;
    if (this.namespaces.has(name)) return { ok: true };
    const res = await this.opts.client.request({ method: 'POST', path: collectionPath('Namespace', undefined), query: { fieldManager: FIELD_MANAGER }, body: want.object });
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating namespace ${name}: ${apiFailure(res.status, res.body).message}`);
    this.namespaces.add(name);
    return { ok: true };
  }

  private async read(want: ProjectedObject): Promise<FluxObject | undefined> {
    const identity = FLUX[want.kind];
    if (identity) return this.opts.lookup.get(identity, want.object.metadata?.namespace ?? '', want.object.metadata?.name ?? '');
    const res = await this.opts.client.request({ method: 'GET', path: objectPath(want) });
    if (res.status === 404) return undefined;
    if (res.status !== 200 || !isRecord(res.body)) throw new Error(`reading ${subject(want)}: ${apiFailure(res.status, res.body).message}`);
    return res.body as FluxObject;
  }

  /** Creates the object (undefined when done); an object created by someone else meanwhile is returned instead. */
  private async create(want: ProjectedObject): Promise<FluxObject | undefined> {
    const res = await this.opts.client.request({ method: 'POST', path: collectionPath(want.kind, want.object.metadata?.namespace), query: { fieldManager: FIELD_MANAGER }, body: want.object });
    if (res.status === 201) {
      this.opts.logger.info('projected a hub placement into the cluster', { object: subject(want) });
      if (want.status) await this.writeStatus(want);
      if (want.kind === 'ConfigMap') this.configMaps.add(keyOfProjected(want));
      return undefined;
    }
    if (res.status !== 409) throw new Error(`creating ${subject(want)}: ${apiFailure(res.status, res.body).message}`);
    const fresh = await this.opts.client.request({ method: 'GET', path: objectPath(want) });
    if (fresh.status !== 200 || !isRecord(fresh.body)) throw new Error(`reading ${subject(want)}: ${apiFailure(fresh.status, fresh.body).message}`);
    return fresh.body as FluxObject;
  }

  /**
   * Puts back what the hub decides, at the resourceVersion whose label was checked: a concurrent change makes
   * this a 409, and the watch event of that change brings another pass. Annotations other than the hub
   * generation (a `reconcile.fluxcd.io/requestedAt`) are kept.
   */
  private async replace(want: ProjectedObject, have: FluxObject): Promise<FluxObject | undefined> {
    const metadata = {
      ...have.metadata,
      labels: { ...want.object.metadata?.labels },
      annotations: { ...have.metadata?.annotations, ...want.object.metadata?.annotations },
    };
    const body: Record<string, unknown> = { ...have, metadata };
    if (want.kind === 'ConfigMap') body.data = (want.object as Record<string, unknown>).data;
    else body.spec = want.object.spec;
    const res = await this.opts.client.request({ method: 'PUT', path: objectPath(want), query: { fieldManager: FIELD_MANAGER }, body });
    if (res.status === 409 || res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`restoring ${subject(want)}: ${apiFailure(res.status, res.body).message}`);
    this.opts.logger.info('restored a projected hub placement', { object: subject(want) });
    return res.body as FluxObject;
  }

  private async writeStatus(want: ProjectedObject): Promise<void> {
    const res = await this.opts.client.request({ method: 'PATCH', path: `${objectPath(want)}/status`, body: { status: want.status }, contentType: 'application/merge-patch+json' });
    if (res.status !== 200 && res.status !== 404) throw new Error(`writing the status of ${subject(want)}: ${apiFailure(res.status, res.body).message}`);
  }

  /** Deletes the hub's objects no longer placed: Kustomizations and HelmReleases first, so their finalizers prune before the rest goes. */
  private async deleteUnplaced(projection: Projection, withConfigMaps: boolean): Promise<void> {
    const gone: ProjectedObject[] = [];
    for (const kind of [FLUX_KINDS.Kustomization, FLUX_KINDS.HelmRelease, FLUX_KINDS.ExternalArtifact]) {
      for (const o of this.opts.lookup.list(kind)) {
        if (!isHubOwned(o.metadata?.labels) || o.metadata?.deletionTimestamp) continue;
        const p: ProjectedObject = { kind: kind.kind as Kind, object: o };
        if (!projection.owned.has(keyOfProjected(p))) gone.push(p);
      }
      // An unplaced Kustomization (HelmRelease) still reconciles (uninstalls) until its deletion: its source goes once it is gone.
      if (kind !== FLUX_KINDS.ExternalArtifact && this.opts.lookup.list(kind).some((o) => isHubOwned(o.metadata?.labels) && !projection.owned.has(projectedKey(kind.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? '')))) break;
    }
    if (withConfigMaps) {
      const res = await this.opts.client.request({ method: 'GET', path: '/api/v1/configmaps', query: { labelSelector: `${HUB_OWNER_LABEL}=${HUB_OWNER_VALUE}` } });
      const items = res.status === 200 && isRecord(res.body) && Array.isArray(res.body.items) ? (res.body.items as FluxObject[]) : [];
      for (const o of items) {
        const p: ProjectedObject = { kind: 'ConfigMap', object: o };
        if (!projection.owned.has(keyOfProjected(p))) gone.push(p);
      }
    }
    for (const p of gone) {
      const res = await this.opts.client.request({ method: 'DELETE', path: objectPath(p), body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { resourceVersion: p.object.metadata?.resourceVersion } } });
      if (res.status !== 200 && res.status !== 202 && res.status !== 404 && res.status !== 409) throw new Error(`deleting ${subject(p)}: ${apiFailure(res.status, res.body).message}`);
      if (res.status === 200 || res.status === 202) this.opts.logger.info('deleted a projected object the hub no longer places', { object: subject(p) });
    }
  }
}
