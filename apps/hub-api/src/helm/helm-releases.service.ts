import { Injectable } from '@nestjs/common';
import type { HelmRelease, Prisma } from '@flotilla/prisma/client';
import { AccessService } from '../auth/access.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { scopeHolds } from '../auth/access.js';
import { AuditService } from '../audit/audit.service.js';
import { clusterVariables } from '../assignments/assignment-document.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { labelMap } from '../common/label-map.js';
import { JsonLogger } from '../common/logger.js';
import { placedInScope, placementOf, placementTargets } from '../kustomizations/placement.js';
import { ChartResolver } from './chart-resolver.js';
import { HelmChartInfoService } from './helm-chart-info.js';
import { overlaysOf, renderClusterValues, validOverlays } from './cluster-values.js';
import type { HelmReleaseInput, HelmValuesPreviewInput } from './dto/helm.inputs.js';
import type { HelmReleaseClusterValuesObject, HelmReleaseObject } from './dto/helm.objects.js';
import { HelmReleasesRepository } from './helm-releases.repository.js';
import { validateHelmReleaseInput, type ValidHelmRelease } from './helm-validation.js';
import { FLUX_KINDS, mergeValues } from '@flotilla/reconcile-core';
import { toHelmReleaseObject } from './helm.mapper.js';
import type { HelmReleaseClusterStatusObject } from './dto/helm-release-status.objects.js';
import { toHelmReleaseClusterStatus } from './helm-release-status.mapper.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';

const notFound = (): DomainError => new DomainError('FLUX_OBJECT_NOT_FOUND', 'no such HelmRelease');

/**
 * Hub HelmReleases: CRUD, placement (the Kustomizations' rule), the chart resolved once for the fleet, and the
 * values each targeted cluster runs. Values may hold secrets: audit rows keep the keys of `values` only.
 */
@Injectable()
export class HelmReleasesService {
  constructor(
    private readonly repo: HelmReleasesRepository,
    private readonly charts: ChartResolver,
    private readonly chartInfo: HelmChartInfoService,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly access: AccessService,
    private readonly log: JsonLogger,
    private readonly managed: ManagedByGit,
  ) {}

  private async clusters() {
    return (await this.repo.clusters()).map((c) => ({ id: c.id, name: c.name, labels: labelMap(c.labels), variables: labelMap(c.variables) }));
  }

  async list(actor: Actor): Promise<HelmReleaseObject[]> {
    const [rows, clusters, scope] = await Promise.all([this.repo.list(), this.clusters(), this.access.scope(actor, 'VIEWER')]);
    return rows.filter((r) => placedInScope(scope, r, clusters)).map(toHelmReleaseObject);
  }

  async get(actor: Actor, id: string): Promise<HelmReleaseObject | null> {
    const row = await this.repo.findById(id);
    if (!row) return null;
    const scope = await this.access.scope(actor, 'VIEWER');
    return scope.all || placedInScope(scope, row, await this.clusters()) ? toHelmReleaseObject(row) : null;
  }

  /** The rendered values of every targeted cluster the actor may see (what its assignment carries). */
  async clusterValues(actor: Actor, release: { id: string }): Promise<HelmReleaseClusterValuesObject[]> {
    const row = await this.repo.findById(release.id);
    if (!row) return [];
    const [clusters, scope] = await Promise.all([this.clusters(), this.access.scope(actor, 'VIEWER')]);
    const spec = row.spec as { values?: unknown };
    return clusters
      .filter((c) => scopeHolds(scope, c.id, row.namespace) && placementTargets(placementOf(row.placement), c))
      .map((c) => {
        const r = renderClusterValues(spec.values, overlaysOf(row.overlays), c, clusterVariables(c));
        return { clusterId: c.id, clusterName: c.name, values: r.ok ? r.values : null, error: r.ok ? null : r.message };
      });
  }

  /** One row per targeted cluster the actor may see: the release's status there, as its agent reported it. */
  async clusterStatuses(actor: Actor, release: { id: string }): Promise<HelmReleaseClusterStatusObject[]> {
    const row = await this.repo.findById(release.id);
    if (!row) return [];
    const [clusters, statuses, scope] = await Promise.all([this.repo.clusters(), this.repo.statuses(row.id), this.access.scope(actor, 'VIEWER')]);
    const byCluster = new Map(statuses.map((s) => [s.clusterId, s]));
    const placement = placementOf(row.placement);
    return clusters
      .filter((c) => scopeHolds(scope, c.id, row.namespace) && placementTargets(placement, { name: c.name, labels: labelMap(c.labels) }))
      .map((c) => toHelmReleaseClusterStatus(c, byCluster.get(c.id)));
  }

  async create(actor: Actor, origin: RequestOrigin, input: HelmReleaseInput): Promise<HelmReleaseObject> {
    const v = validateHelmReleaseInput(input);
    await this.checkValuesSchema(v);
    const id = this.ids.id();
    const row = await this.repo.create({
      id,
      namespace: v.namespace,
      name: v.name,
      spec: v.spec as unknown as Prisma.InputJsonValue,
      overlays: v.overlays as unknown as Prisma.InputJsonValue,
      placement: v.placement as unknown as Prisma.InputJsonValue,
      ...(v.labels ? { labels: v.labels } : {}),
      now: this.clock.now(),
    });
    if (!row) throw new DomainError('NAME_TAKEN', `a HelmRelease ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'helmrelease.create', { type: 'helmrelease', id }, this.auditDetails(row));
    return this.afterWrite(id);
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: HelmReleaseInput): Promise<HelmReleaseObject> {
    await this.managed.refuseHandEdit('HelmRelease', id, 'edit', actor);
    const v = validateHelmReleaseInput(input);
    await this.checkValuesSchema(v);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace) throw badInput('namespace', 'namespace cannot change; create a new HelmRelease');
    if (v.name !== row.name) throw badInput('name', 'name cannot change; create a new HelmRelease');
    // Overlays change what clusters run, so they are a new generation like the values they override.
    const bump = canonicalJson(row.spec) !== canonicalJson(v.spec) || canonicalJson(row.overlays) !== canonicalJson(v.overlays);
    const updated = await this.repo.update(id, {
      spec: v.spec as unknown as Prisma.InputJsonValue,
      overlays: v.overlays as unknown as Prisma.InputJsonValue,
      placement: v.placement as unknown as Prisma.InputJsonValue,
      ...(v.labels ? { labels: v.labels } : {}),
      bumpGeneration: bump,
    });
    await this.audit.record(actor, origin, 'helmrelease.update', { type: 'helmrelease', id }, { ...this.auditDetails(updated), generationBumped: bump });
    return this.afterWrite(id);
  }

  /**
   * `flux suspend|resume helmrelease`: spec.suspend alone, on every cluster the release is placed on. Allowed on
   * a HelmRelease a FleetSync manages (as `flux suspend` on an object applied from git): the rest of the spec
   * stays git's. Like a Kustomization's, it is a new generation of the spec the agents receive.
   */
  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const spec = row.spec as Record<string, unknown>;
    if (Boolean(spec.suspend) !== suspend) {
      await this.repo.update(id, { spec: { ...spec, suspend } as Prisma.InputJsonValue, overlays: row.overlays as Prisma.InputJsonValue, placement: row.placement as Prisma.InputJsonValue, bumpGeneration: true });
    }
    await this.audit.record(actor, origin, suspend ? 'helmrelease.suspend' : 'helmrelease.resume', { type: 'helmrelease', id }, { namespace: row.namespace, name: row.name });
    await this.afterWrite(id);
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('HelmRelease', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'helmrelease.delete', { type: 'helmrelease', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('helmRelease.changed', { helmReleaseId: id, deleted: true });
    return true;
  }

  /** Rendered values for one cluster from values and overlays not saved yet (the form's preview). */
  async previewValues(input: HelmValuesPreviewInput): Promise<HelmReleaseClusterValuesObject> {
    const overlays = validOverlays(input.overlays);
    if (input.values !== undefined && input.values !== null && (typeof input.values !== 'object' || Array.isArray(input.values))) throw badInput('values', 'values: values must be a map');
    const cluster = (await this.clusters()).find((c) => c.id === input.clusterId);
    if (!cluster) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
    const r = renderClusterValues(input.values, overlays, cluster, clusterVariables(cluster));
    return { clusterId: cluster.id, clusterName: cluster.name, values: r.ok ? r.values : null, error: r.ok ? null : r.message };
  }

  /**
   * The chart's values.schema.json, as helm checks it at install (defaults coalesced with the values), over
   * `values` and over `values` with each overlay. A chart the hub cannot read yet (repository not fetched, no
   * version in range) is not checked here: the release records why its chart is not resolved, and helm checks
   * the schema on each cluster. Cluster variables are substituted later, per cluster, so they are checked as written.
   */
  /** Values (and each overlay merged over them) against the chart's values.schema.json, when the hub holds the chart's index. */
  async checkValuesSchema(v: ValidHelmRelease): Promise<void> {
    const ref = v.spec.chart?.spec;
    // A chart from a GitRepository changes with each commit: helm checks its schema on each cluster.
    if (!ref || ref.sourceRef.kind !== FLUX_KINDS.HelmRepository.kind) return;
    const info = await this.chartInfo.info(ref.sourceRef.namespace ?? v.namespace, ref.sourceRef.name, ref.chart, ref.version).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'BAD_USER_INPUT') return undefined;
      throw err;
    });
    if (!info?.valuesSchema) return;
    const { valuesProblemText } = await import('@flotilla/reconcile-core/helm-values');
    const values = (v.spec.values ?? {}) as Record<string, unknown>;
    const refuse = (field: string, problems: { path: string[]; message: string }[]) => {
      if (problems.length) throw badInput(field, `${field}: values don't meet the specifications of the schema of chart ${info.chart} ${info.version}: ${problems.slice(0, 5).map(valuesProblemText).join('; ')}`);
    };
    refuse('spec.values', await this.chartInfo.problems(info, values));
    for (const [i, o] of v.overlays.entries()) refuse(`overlays.${i}.values`, await this.chartInfo.problems(info, mergeValues(values, o.values)));
  }

  /** Resolves the chart from the index the hub holds (so a new version range takes effect now), then announces. */
  private async afterWrite(id: string): Promise<HelmReleaseObject> {
    await this.charts.resolveRelease(id).catch((err: unknown) => this.log.error('helm chart resolution failed', { helmReleaseId: id, error: String(err) }));
    this.events.emit('helmRelease.changed', { helmReleaseId: id });
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    return toHelmReleaseObject(row);
  }

  private auditDetails(row: HelmRelease): Prisma.InputJsonObject {
    const spec = row.spec as Record<string, unknown>;
    const keys = (v: unknown): string[] => (typeof v === 'object' && v !== null ? Object.keys(v) : []);
    return {
      namespace: row.namespace,
      name: row.name,
      spec: { ...spec, values: keys(spec.values) } as Prisma.InputJsonValue,
      overlays: overlaysOf(row.overlays).map((o) => ({ clusterSelector: o.clusterSelector, values: keys(o.values) })),
      placement: row.placement as Prisma.InputJsonValue,
    };
  }
}
