import { loadCelFor } from '@flotilla/reconcile-core';
import { Injectable } from '@nestjs/common';
import type { Cluster, Kustomization, Prisma } from '@flotilla/prisma/client';
import { scopeHolds, type Scope } from '../auth/access.js';
import { AccessService } from '../auth/access.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { labelMap } from '../common/label-map.js';
import { JsonLogger } from '../common/logger.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';
import { OciRepositoriesService } from '../oci-sources/oci-repositories.service.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import { validLabels } from '../clusters/cluster-input.validation.js';
import type { ClusterEventObject, KustomizationClusterStatusObject, KustomizationObject } from './dto/kustomization.object.js';
import type { KustomizationInput } from './dto/kustomization.inputs.js';
import { KustomizationReportsRepository } from './kustomization-reports.repository.js';
import { specOf, toClusterEventObject, toClusterStatusObject, toKustomizationObject } from './kustomization.mapper.js';
import { parseKustomizationSpec, type KustomizationSpec } from './kustomization-spec.schema.js';
import { KustomizationsRepository } from './kustomizations.repository.js';
import { placedInScope, placementOf, placementTargets, validatePlacement } from './placement.js';

const notFound = (): DomainError => new DomainError('KUSTOMIZATION_NOT_FOUND', 'no such Kustomization');

const labelsOf = (cluster: Cluster): Record<string, string> => labelMap(cluster.labels);

const visibleIn = (scope: Scope, k: Kustomization, clusters: readonly Cluster[]): boolean =>
  placedInScope(scope, k, clusters.map((c) => ({ id: c.id, name: c.name, labels: labelsOf(c) })));

@Injectable()
export class KustomizationsService {
  constructor(
    private readonly repo: KustomizationsRepository,
    private readonly reports: KustomizationReportsRepository,
    private readonly sources: GitRepositoriesService,
    private readonly ociSources: OciRepositoriesService,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly hubEvents: HubEvents,
    private readonly log: JsonLogger,
    private readonly access: AccessService,
    private readonly managed: ManagedByGit,
  ) {}

  /** Those the actor may see (placed on a cluster of their scope, in its namespace); with clusterId, those placed there. */
  async list(actor: Actor, clusterId?: string | null): Promise<KustomizationObject[]> {
    const [rows, clusters, scope] = await Promise.all([this.repo.list(), this.repo.clusters(), this.access.scope(actor, 'VIEWER')]);
    if (!clusterId) return rows.filter((k) => visibleIn(scope, k, clusters)).map(toKustomizationObject);
    const cluster = clusters.find((c) => c.id === clusterId);
    if (!cluster) return [];
    return rows
      .filter((r) => scopeHolds(scope, cluster.id, r.namespace) && placementTargets(placementOf(r.placement), { name: cluster.name, labels: labelsOf(cluster) }))
      .map(toKustomizationObject);
  }

  /** Null outside the actor's scope too. */
  async get(actor: Actor, id: string): Promise<KustomizationObject | null> {
    const row = await this.repo.findById(id);
    if (!row) return null;
    const scope = await this.access.scope(actor, 'VIEWER');
    return scope.all || visibleIn(scope, row, await this.repo.clusters()) ? toKustomizationObject(row) : null;
  }

  async usingSource(actor: Actor, namespace: string, name: string, kind?: string): Promise<KustomizationObject[]> {
    const [rows, clusters, scope] = await Promise.all([this.repo.usingSource(namespace, name, kind), this.repo.clusters(), this.access.scope(actor, 'VIEWER')]);
    return rows.filter((k) => visibleIn(scope, k, clusters)).map(toKustomizationObject);
  }

  /** One row per targeted cluster the actor may see, with what its agent last reported (Unknown/Pending before the first report). */
  async clusterStatuses(actor: Actor, k: { id: string; namespace: string; placement: unknown }): Promise<KustomizationClusterStatusObject[]> {
    const placement = placementOf(k.placement);
    const [clusters, statuses, scope] = await Promise.all([this.repo.clusters(), this.reports.statusesForKustomization(k.id), this.access.scope(actor, 'VIEWER')]);
    const byCluster = new Map(statuses.map((s) => [s.clusterId, s]));
    return clusters
      .filter((c) => scopeHolds(scope, c.id, k.namespace) && placementTargets(placement, { name: c.name, labels: labelsOf(c) }))
      .map((c) => toClusterStatusObject(k.id, c, byCluster.get(c.id)));
  }

  /** The Kustomizations targeting a cluster that the actor may see there, with their status there. */
  async forCluster(actor: Actor, cluster: { id: string; name: string; labels: { key: string; value: string }[] }): Promise<KustomizationClusterStatusObject[]> {
    const labels = Object.fromEntries(cluster.labels.map((l) => [l.key, l.value]));
    const [rows, statuses, clusters, scope] = await Promise.all([
      this.repo.list(),
      this.reports.statusesForCluster(cluster.id),
      this.repo.clusters(),
      this.access.scope(actor, 'VIEWER'),
    ]);
    const row = clusters.find((c) => c.id === cluster.id);
    if (!row) return [];
    const byK = new Map(statuses.map((s) => [s.kustomizationId, s]));
    return rows
      .filter((k) => scopeHolds(scope, cluster.id, k.namespace) && placementTargets(placementOf(k.placement), { name: cluster.name, labels }))
      .map((k) => toClusterStatusObject(k.id, row, byK.get(k.id)));
  }

  async listEvents(actor: Actor, args: { clusterId?: string | null; kustomizationId?: string | null; first?: number | null }): Promise<ClusterEventObject[]> {
    const first = args.first ?? 100;
    if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('first', 'first must be between 1 and 1000');
    let involved: { kind: string; namespace: string; name: string } | undefined;
    let clusterIds: string[] | undefined;
    if (args.kustomizationId) {
      const k = await this.repo.findById(args.kustomizationId);
      if (!k) return [];
      involved = { kind: 'Kustomization', namespace: k.namespace, name: k.name };
      // Only the clusters it is placed on: a cluster's own Kustomization of the same name is not the hub's.
      clusterIds = await this.reports.clustersPlacedOn(k.id, k.namespace, k.name);
    }
    const scope = await this.access.scope(actor, 'VIEWER');
    const rows = await this.reports.events({
      ...(args.clusterId ? { clusterId: args.clusterId } : {}),
      ...(clusterIds ? { clusterIds } : {}),
      ...(involved ? { involved } : {}),
      first,
      scope,
    });
    return rows.map(toClusterEventObject);
  }

  /**
   * The checks of create and update; the Flux YAML import runs them over every document before writing any.
   * Synchronous: a caller first awaits `loadCelFor(input.spec)`, which loads the CEL runtime when the spec has
   * an expression to check.
   */
  validate(input: KustomizationInput): { namespace: string; name: string; spec: KustomizationSpec; placement: ReturnType<typeof validatePlacement>; labels: Record<string, string> | undefined } {
    const namespace = validNamespace(input.namespace, 'namespace');
    const name = validObjectName(input.name, 'name');
    const parsed = parseKustomizationSpec(input.spec);
    if (!parsed.ok) {
      const field = parsed.path ? `spec.${parsed.path}` : 'spec';
      throw badInput(field, `${field}: ${parsed.message}`);
    }
    const spec = parsed.value;
    const self = (spec.dependsOn ?? []).findIndex((d) => d.name === name && (d.namespace ?? namespace) === namespace);
    if (self >= 0) throw badInput(`spec.dependsOn.${self}`, `spec.dependsOn.${self}: a Kustomization cannot depend on itself`);
    const placement = validatePlacement(input.placement ?? {}, 'placement');
    const labels = input.labels ? validLabels(input.labels, 'labels') : undefined;
    return { namespace, name, spec, placement, labels };
  }

  async create(actor: Actor, origin: RequestOrigin, input: KustomizationInput): Promise<KustomizationObject> {
    await loadCelFor(input.spec);
    const v = this.validate(input);
    const id = this.ids.id();
    const row = await this.repo.create({
      id,
      namespace: v.namespace,
      name: v.name,
      spec: v.spec as unknown as Prisma.InputJsonValue,
      placement: v.placement as unknown as Prisma.InputJsonValue,
      ...(v.labels ? { labels: v.labels } : {}),
      now: this.clock.now(),
    });
    if (!row) throw new DomainError('NAME_TAKEN', `a Kustomization ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'kustomization.create', { type: 'kustomization', id }, this.auditDetails(row));
    this.announce(id);
    return toKustomizationObject(row);
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: KustomizationInput): Promise<KustomizationObject> {
    await this.managed.refuseHandEdit('Kustomization', id, 'edit', actor);
    await loadCelFor(input.spec);
    const v = this.validate(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace) throw badInput('namespace', 'namespace cannot change; create a new Kustomization');
    if (v.name !== row.name) throw badInput('name', 'name cannot change; create a new Kustomization');
    // Placement is the hub's, not Flux's: changing it re-targets clusters but is not a new generation.
    const bump = canonicalJson(row.spec) !== canonicalJson(v.spec);
    const updated = await this.repo.update(id, {
      spec: v.spec as unknown as Prisma.InputJsonValue,
      placement: v.placement as unknown as Prisma.InputJsonValue,
      ...(v.labels ? { labels: v.labels } : {}),
      bumpGeneration: bump,
    });
    await this.audit.record(actor, origin, 'kustomization.update', { type: 'kustomization', id }, { ...this.auditDetails(updated), generationBumped: bump });
    this.announce(id);
    return toKustomizationObject(updated);
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.managed.refuseHandEdit('Kustomization', id, 'delete', actor);
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'kustomization.delete', { type: 'kustomization', id }, { namespace: row.namespace, name: row.name });
    this.hubEvents.emit('kustomization.changed', { kustomizationId: id, deleted: true });
    return true;
  }

  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const spec = specOf(row);
    if (spec.suspend !== suspend) {
      // spec.suspend is part of the Flux spec: like `flux suspend`, it is a new generation the agents receive.
      await this.repo.update(id, { spec: { ...spec, suspend } as unknown as Prisma.InputJsonValue, placement: row.placement as Prisma.InputJsonValue, bumpGeneration: true });
    }
    await this.audit.record(actor, origin, suspend ? 'kustomization.suspend' : 'kustomization.resume', { type: 'kustomization', id }, { namespace: row.namespace, name: row.name });
    this.announce(id);
    return true;
  }

  /** `flux reconcile kustomization [--with-source]`, fleet-wide or for one cluster. */
  async requestReconcile(actor: Actor, origin: RequestOrigin, id: string, opts: { clusterId?: string | null; withSource?: boolean | null }): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const what = `reconcile of Kustomization ${row.namespace}/${row.name}`;
    const clusters = await this.repo.clusters();
    if (opts.clusterId) {
      await this.access.require(actor, origin, 'OPERATOR', { clusterId: opts.clusterId, namespace: row.namespace }, what);
    } else {
      // Every cluster the request goes to must be the actor's to operate; else they name one cluster.
      const scope = await this.access.scope(actor, 'OPERATOR');
      const outside = clusters.find((c) => placementTargets(placementOf(row.placement), { name: c.name, labels: labelsOf(c) }) && !scopeHolds(scope, c.id, row.namespace));
      if (outside) await this.access.require(actor, origin, 'OPERATOR', { clusterId: outside.id, namespace: row.namespace }, `${what} on every cluster it is placed on (give clusterId)`);
    }
    const spec = specOf(row);
    if (spec.suspend) throw badInput('id', `Kustomization ${row.namespace}/${row.name} is suspended; resume it first`);
    if (opts.clusterId) {
      const cluster = clusters.find((c) => c.id === opts.clusterId);
      if (!cluster) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
      if (!placementTargets(placementOf(row.placement), { name: cluster.name, labels: labelsOf(cluster) })) {
        throw badInput('clusterId', `Kustomization ${row.namespace}/${row.name} is not placed on cluster ${cluster.name}`);
      }
      // A one-cluster request is sent now or never (only fleet-wide ones are kept for agents that are away): say
      // so rather than let the caller wait for an answer that cannot come.
      if (cluster.connectionState !== 'CONNECTED') {
        throw new DomainError('AGENT_NOT_CONNECTED', `the agent of cluster ${cluster.name} is not connected: nothing was sent; ask again when it is, or reconcile on every cluster (kept until each agent has it)`);
      }
    }
    const withSource = Boolean(opts.withSource);
    if (withSource) await this.reconcileSourceFirst(actor, origin, row, spec);
    const requestedAt = this.clock.now();
    // Kept for agents that are away now (they get it when they connect); a one-cluster request is sent only now,
    // so it cannot reach the other clusters later.
    if (!opts.clusterId) await this.repo.setReconcileRequested(id, requestedAt);
    await this.audit.record(actor, origin, 'kustomization.reconcile', { type: 'kustomization', id }, {
      namespace: row.namespace,
      name: row.name,
      withSource,
      ...(opts.clusterId ? { clusterId: opts.clusterId } : {}),
    });
    this.hubEvents.emit('kustomization.reconcileRequested', {
      kustomizationId: id,
      ...(opts.clusterId ? { clusterId: opts.clusterId } : {}),
      withSource,
      requestedAt: requestedAt.toISOString(),
    });
    return true;
  }

  private async reconcileSourceFirst(actor: Actor, origin: RequestOrigin, row: Kustomization, spec: KustomizationSpec): Promise<void> {
    const ns = spec.sourceRef.namespace ?? row.namespace;
    if (spec.sourceRef.kind === 'OCIRepository') return this.pullOciSourceFirst(actor, origin, row, ns, spec.sourceRef.name);
    if (spec.sourceRef.kind !== 'GitRepository') throw badInput('withSource', `withSource refetches GitRepository and OCIRepository sources; reconcile the ${spec.sourceRef.kind} ${ns}/${spec.sourceRef.name} itself first`);
    const source = await this.sources.findByName(ns, spec.sourceRef.name);
    if (!source) throw badInput('withSource', `the source GitRepository ${ns}/${spec.sourceRef.name} does not exist`);
    if (source.suspend) throw badInput('withSource', `the source GitRepository ${ns}/${spec.sourceRef.name} is suspended`);
    const { requestedAt } = await this.sources.requestReconcile(actor, origin, source.id);
    // Flux waits for the source before annotating the Kustomization; a new artifact reaches agents through
    // the assignment (source.artifactChanged) before the reconcile request does.
    if (!(await this.sources.awaitHandled(source.id, requestedAt, source.timeout))) {
      this.log.warn('source refetch did not finish in time; reconciling the Kustomization anyway', { sourceId: source.id, kustomizationId: row.id });
    }
  }

  /** `flux reconcile ks --with-source` of a Kustomization whose source is an OCIRepository: pulled first, waited for. */
  private async pullOciSourceFirst(actor: Actor, origin: RequestOrigin, row: Kustomization, namespace: string, name: string): Promise<void> {
    const source = await this.ociSources.findByName(namespace, name);
    if (!source) throw badInput('withSource', `the source OCIRepository ${namespace}/${name} does not exist`);
    if (source.suspend) throw badInput('withSource', `the source OCIRepository ${namespace}/${name} is suspended`);
    const { requestedAt } = await this.ociSources.requestReconcileAt(actor, origin, source.id);
    const { timeout } = source.spec as { timeout?: string };
    if (!(await this.ociSources.awaitHandled(source.id, requestedAt, timeout ?? '60s'))) {
      this.log.warn('source pull did not finish in time; reconciling the Kustomization anyway', { sourceId: source.id, kustomizationId: row.id });
    }
  }

  private auditDetails(row: Kustomization): Prisma.InputJsonObject {
    const spec = specOf(row);
    // The spec may carry postBuild.substitute values; keep their keys only.
    const substitute = spec.postBuild?.substitute;
    const safeSpec = substitute ? { ...spec, postBuild: { ...spec.postBuild, substitute: Object.keys(substitute) } } : spec;
    return { namespace: row.namespace, name: row.name, spec: safeSpec as unknown as Prisma.InputJsonValue, placement: row.placement as Prisma.InputJsonValue, labels: row.labels as Prisma.InputJsonValue };
  }

  private announce(id: string): void {
    this.hubEvents.emit('kustomization.changed', { kustomizationId: id });
  }
}
