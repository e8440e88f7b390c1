import { Injectable } from '@nestjs/common';
import { labelKeyErrors, parseLabelSelector, type FluxKindName } from '@flotilla/reconcile-core';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import { AccessService } from '../auth/access.service.js';
import type { Actor } from '../auth/actor.js';
import { badInput } from '../common/domain-error.js';
import { HelmReleasesRepository } from '../helm/helm-releases.repository.js';
import { KustomizationsRepository } from '../kustomizations/kustomizations.repository.js';
import type { FleetRolloutTargetInput } from './dto/rollout.inputs.js';
import type {
  FleetRolloutClusterConnectionObject,
  FleetRolloutGroupObject,
  FleetRolloutSpreadObject,
  FleetRolloutSummaryObject,
} from './dto/rollout.object.js';
import { decodeOffsetCursor, encodeOffsetCursor } from './fleet-cursor.js';
import {
  RolloutRepository,
  type RolloutCellRow,
  type RolloutObjectKey,
  type RolloutQuery,
} from './rollout.repository.js';

export const MAX_ROLLOUT_PAGE = 200;
export const MAX_ROLLOUT_OBJECTS = 20;
export const MAX_ROLLOUT_GROUPS = 100;
const MAX_IDS = 200;
const MAX_NAME = 253;
/** Revisions drawn in the spread chart, newest first, and the steps of each line. */
const SPREAD_REVISIONS = 5;
const SPREAD_STEPS = 60;

export interface RolloutArgs {
  target: FleetRolloutTargetInput;
  groupBy: string | null;
  selector: string | null;
}

function nameOf(text: string, field: string): string {
  const t = text.trim();
  if (!t || t.length > MAX_NAME) throw badInput(field, `${field} must have 1 to ${MAX_NAME} characters`);
  return t;
}

function groupByOf(key: string | null): string | null {
  const k = key?.trim();
  if (!k) return null;
  const errors = labelKeyErrors(k);
  if (errors.length) throw badInput('groupBy', `groupBy is not a label key: ${errors[0]}`);
  return k;
}

/**
 * Which clusters run which revision of an object, or of the objects reading a source: a matrix of clusters ×
 * objects paged in Postgres (with the clusters a hub object is placed on that have not reported it: Pending), clusters per revision and per group of a cluster label, and how each new revision
 * spread over time. Only clusters and namespaces the caller may see are counted.
 */
@Injectable()
export class RolloutService {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly access: AccessService,
    private readonly kustomizations: KustomizationsRepository,
    private readonly helmReleases: HelmReleasesRepository,
  ) {}

  /**
   * The matrix's columns. A hub source has no status of its own on the clusters (the hub serves its artifact):
   * its columns are the hub's appliers that read it, Flux's sourceRef rule (namespace defaults to the reader's).
   */
  private async objects(
    target: FleetRolloutTargetInput,
  ): Promise<{ objects: RolloutObjectKey[]; truncated: boolean }> {
    const namespace = nameOf(target.namespace, 'target.namespace');
    const name = nameOf(target.name, 'target.name');
    const readers: { namespace: string; name: string }[] | null =
      target.kind === 'GitRepository'
        ? await this.kustomizations.usingSource(namespace, name)
        : target.kind === 'HelmRepository'
          ? await this.helmReleases.usingRepository('HelmRepository', namespace, name)
          : null;
    if (readers === null) return { objects: [{ kind: target.kind, namespace, name }], truncated: false };
    const kind: FluxKindName = target.kind === 'GitRepository' ? 'Kustomization' : 'HelmRelease';
    return {
      objects: readers
        .slice(0, MAX_ROLLOUT_OBJECTS)
        .map((r) => ({ kind, namespace: r.namespace, name: r.name })),
      truncated: readers.length > MAX_ROLLOUT_OBJECTS,
    };
  }

  private async query(actor: Actor, args: RolloutArgs): Promise<RolloutQuery & { truncated: boolean }> {
    const parsed = parseLabelSelector(args.selector ?? '');
    if (!parsed.ok) throw badInput('selector', `invalid label selector: ${parsed.errors[0]?.message}`);
    const groupBy = groupByOf(args.groupBy);
    const [{ objects, truncated }, scope] = await Promise.all([
      this.objects(args.target),
      this.access.scope(actor, 'VIEWER'),
    ]);
    return { scope, selector: parsed.value, objects, groupBy, truncated };
  }

  async summary(actor: Actor, args: RolloutArgs): Promise<FleetRolloutSummaryObject> {
    const q = await this.query(actor, args);
    const counts = await this.repo.counts(q, MAX_ROLLOUT_GROUPS + 1);
    // Newest: the revision whose first report is the latest; a revision nobody has reported yet (null) never is.
    const newest = counts.revisions.find((r) => r.revision !== null)?.revision ?? null;
    const groups: FleetRolloutGroupObject[] = counts.groups.slice(0, MAX_ROLLOUT_GROUPS).map((g) => {
      const revisions = counts.groupRevisions
        .filter((r) => r.group === g.group)
        .map(({ revision, clusters }) => ({ revision, clusters }))
        .sort((a, b) => b.clusters - a.clusters || String(a.revision).localeCompare(String(b.revision)));
      const onNewest = revisions.find((r) => r.revision === newest && newest !== null)?.clusters ?? 0;
      // A cluster that reported none of the objects yet is pending, not behind.
      return { value: g.group, clusters: g.clusters, onNewest, onOlder: g.reported - onNewest, pending: g.pending, revisions };
    });
    return {
      objects: q.objects.map((o) => ({ ...o, kind: o.kind as FluxKindName })),
      objectsTruncated: q.truncated,
      clusters: counts.clusters,
      pending: counts.pending,
      revisions: counts.revisions.map((r) => ({
        ...r,
        newest: r.revision !== null && r.revision === newest,
      })),
      groups,
      groupsTruncated: counts.groups.length > MAX_ROLLOUT_GROUPS,
    };
  }

  async clusters(
    actor: Actor,
    args: RolloutArgs & { ids: string[] | null; first: number; after: string | null },
  ): Promise<FleetRolloutClusterConnectionObject> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_ROLLOUT_PAGE)
      throw badInput('first', `first must be between 1 and ${MAX_ROLLOUT_PAGE}`);
    if (args.ids && args.ids.length > MAX_IDS) throw badInput('ids', `at most ${MAX_IDS} cluster ids`);
    const offset = decodeOffsetCursor('ro', args.after);
    const q = await this.query(actor, args);
    const { rows, total } = await this.repo.clusters({
      ...q,
      ...(args.ids ? { ids: args.ids } : {}),
      offset,
      limit: args.first,
    });
    const cells = await this.repo.cells(
      q,
      rows.map((r) => r.id),
    );
    const mine = (clusterId: string): RolloutCellRow[] =>
      cells.filter((c) => c.clusterId === clusterId).sort((a, b) => a.pos - b.pos);
    const end = offset + rows.length;
    return {
      rows: rows.map((r) => ({
        clusterId: r.id,
        clusterName: r.name,
        connectionState: r.connectionState as ClusterConnectionState,
        lastSeenAt: r.lastSeenAt,
        group: r.group,
        cells: mine(r.id).flatMap((c) =>
          c.pendingReason === null ? [{ object: c.pos, health: c.health, revision: c.revision }] : [],
        ),
        pending: mine(r.id).flatMap((c) =>
          c.pendingReason === null ? [] : [{ object: c.pos, reason: c.pendingReason }],
        ),
      })),
      totalCount: total,
      pageInfo: { hasNextPage: end < total, endCursor: rows.length ? encodeOffsetCursor('ro', end) : null },
    };
  }

  async spread(actor: Actor, args: RolloutArgs): Promise<FleetRolloutSpreadObject[]> {
    const q = await this.query(actor, args);
    const rows = await this.repo.spread(q, SPREAD_REVISIONS, SPREAD_STEPS);
    const series = new Map<string, FleetRolloutSpreadObject>();
    for (const r of rows) {
      const s = series.get(r.revision) ?? { revision: r.revision, points: [] };
      s.points.push({ at: r.at, clusters: r.clusters });
      series.set(r.revision, s);
    }
    // Newest revision first, as the summary lists them.
    return [...series.values()].sort(
      (a, b) => (b.points[0]?.at.getTime() ?? 0) - (a.points[0]?.at.getTime() ?? 0),
    );
  }
}
