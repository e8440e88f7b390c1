import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { type AssignmentBody, type AssignmentCluster, type AssignmentKustomization, type AssignmentSource } from './assignment-document.js';
import type { Assignment } from '@flotilla/protocol';
import type { AssignmentHelmRelease } from '../helm/helm-release-assignment.js';

/** Clusters per UPDATE statement when many assignments are stored at once. */
export const STORE_CHUNK = 500;

const asStringMap = (json: unknown): Record<string, string> => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
};

function artifactOf(status: unknown): AssignmentSource['artifact'] {
  const a = typeof status === 'object' && status !== null ? (status as { artifact?: unknown }).artifact : undefined;
  if (typeof a !== 'object' || a === null) return undefined;
  const { revision, digest, size } = a as Record<string, unknown>;
  if (typeof revision !== 'string' || typeof digest !== 'string' || typeof size !== 'number') return undefined;
  return { revision, digest, size };
}

/** The body of a stored document (everything but the generation), for comparing with a new one. */
function bodyOf(document: unknown): AssignmentBody | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const d = document as Partial<Assignment>;
  if (!Array.isArray(d.sources) || !Array.isArray(d.kustomizations)) return undefined;
  return { sources: d.sources, kustomizations: d.kustomizations, ...(Array.isArray(d.helmReleases) ? { helmReleases: d.helmReleases } : {}) };
}

@Injectable()
export class AssignmentsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async clusters(ids?: readonly string[]): Promise<AssignmentCluster[]> {
    const rows = await this.db.cluster.findMany({
      where: ids ? { id: { in: [...ids] } } : undefined,
      select: { id: true, name: true, labels: true, variables: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({ id: r.id, name: r.name, labels: asStringMap(r.labels), variables: asStringMap(r.variables) }));
  }

  async clusterByName(name: string): Promise<{ id: string; name: string } | null> {
    return this.db.cluster.findUnique({ where: { name }, select: { id: true, name: true } });
  }

  async kustomizationExists(namespace: string, name: string): Promise<boolean> {
    return (await this.db.kustomization.count({ where: { namespace, name } })) > 0;
  }

  /** Whether the cluster's agent reports a Kustomization of its own (from git in the cluster, not the hub's). */
  async clusterKustomizationExists(clusterId: string, namespace: string, name: string): Promise<boolean> {
    return (await this.db.fluxObject.count({ where: { clusterId, kind: FLUX_KINDS.Kustomization.kind, namespace, name, origin: 'cluster' } })) > 0;
  }

  async kustomizations(): Promise<AssignmentKustomization[]> {
    const rows = await this.db.kustomization.findMany({ select: { id: true, namespace: true, name: true, generation: true, spec: true, placement: true } });
    return rows;
  }

  async helmReleases(): Promise<AssignmentHelmRelease[]> {
    return this.db.helmRelease.findMany({ select: { id: true, namespace: true, name: true, generation: true, spec: true, overlays: true, placement: true, chart: true } });
  }

  async sources(): Promise<AssignmentSource[]> {
    const [git, oci] = await Promise.all([
      this.db.gitRepository.findMany({ select: { namespace: true, name: true, status: true } }),
      this.db.ociRepository.findMany({ select: { namespace: true, name: true, status: true } }),
    ]);
    return [
      ...git.map((r) => ({ kind: FLUX_KINDS.GitRepository.kind, namespace: r.namespace, name: r.name, artifact: artifactOf(r.status) })),
      ...oci.map((r) => ({ kind: FLUX_KINDS.OCIRepository.kind, namespace: r.namespace, name: r.name, artifact: artifactOf(r.status) })),
    ];
  }

  /** The stored documents of these clusters (those that have one), in one read. */
  async current(clusterIds: readonly string[]): Promise<Map<string, Assignment>> {
    const rows = await this.db.clusterAssignment.findMany({ where: { clusterId: { in: [...clusterIds] } }, select: { clusterId: true, document: true, generation: true } });
    const documents = new Map<string, Assignment>();
    for (const row of rows) {
      const body = bodyOf(row.document);
      if (body) documents.set(row.clusterId, { generation: Number(row.generation), ...body });
    }
    return documents;
  }

  /**
   * Stores each body as its cluster's assignment unless the stored document already has exactly this content
   * (jsonb equality: key order and formatting do not count, so this is the canonical comparison), then the
   * generation rises by one and the replaced document becomes previous_document (its artifacts stay
   * downloadable and are not GC'd). One statement per chunk of clusters; `onStored` gets each chunk's changed
   * documents as soon as that chunk is stored. The UPDATE
   * re-checks its condition on rows another replica changed meanwhile, so concurrent recomputes raise the
   * generation once per change. Clusters deleted meanwhile are skipped. Returns the documents that changed.
   */
  async storeIfChanged(
    entries: readonly { clusterId: string; body: AssignmentBody }[],
    onStored: (changed: { clusterId: string; document: Assignment }[]) => void = () => undefined,
  ): Promise<{ clusterId: string; document: Assignment }[]> {
    const changed: { clusterId: string; document: Assignment }[] = [];
    for (let i = 0; i < entries.length; i += STORE_CHUNK) {
      const chunk = entries.slice(i, i + STORE_CHUNK);
      const json = JSON.stringify(chunk.map((e) => ({ cluster_id: e.clusterId, body: e.body })));
      // Rows for clusters that have none yet: the ids alone, not the documents (Postgres reads those once, below).
      await this.db.$executeRaw`
        INSERT INTO cluster_assignments (cluster_id, generation, document)
        SELECT c.id, 0, '{}'::jsonb FROM clusters c
         WHERE c.id = ANY(${chunk.map((e) => e.clusterId)}::text[])
           AND NOT EXISTS (SELECT 1 FROM cluster_assignments a WHERE a.cluster_id = c.id)
        ON CONFLICT (cluster_id) DO NOTHING`;
      // The stored document is the body with its generation: only the generation comes back, not 500 documents
      // to parse again.
      const rows = await this.db.$queryRaw<{ cluster_id: string; generation: bigint }[]>`
        UPDATE cluster_assignments a
           SET generation = a.generation + 1,
               document = x.body || jsonb_build_object('generation', a.generation + 1),
               previous_document = NULLIF(a.document, '{}'::jsonb),
               updated_at = now()
          FROM jsonb_to_recordset(${json}::jsonb) AS x(cluster_id text, body jsonb)
         WHERE a.cluster_id = x.cluster_id AND (a.generation = 0 OR a.document - 'generation' IS DISTINCT FROM x.body)
        RETURNING a.cluster_id, a.generation`;
      const bodies = new Map(chunk.map((e) => [e.clusterId, e.body]));
      const stored = rows.map((r) => ({ clusterId: r.cluster_id, document: { ...bodies.get(r.cluster_id)!, generation: Number(r.generation) } }));
      changed.push(...stored);
      if (stored.length > 0) onStored(stored);
    }
    return changed;
  }

  /**
   * Clusters whose agent has not acknowledged their stored generation, fleet-wide: few once agents are caught
   * up, where reading every connected cluster's row would move thousands each time.
   */
  async unacknowledged(): Promise<{ clusterId: string; generation: number }[]> {
    const rows = await this.db.$queryRaw<{ cluster_id: string; generation: bigint }[]>`
      SELECT cluster_id, generation FROM cluster_assignments WHERE generation > acked_generation`;
    return rows.map((r) => ({ clusterId: r.cluster_id, generation: Number(r.generation) }));
  }

  /** Records agents' acks in one statement (one per cluster); each never above the generation actually stored, never backwards. */
  async ack(acks: readonly { clusterId: string; generation: number }[]): Promise<boolean[]> {
    const json = JSON.stringify(acks.map((a) => ({ cluster_id: a.clusterId, generation: a.generation })));
    const rows = await this.db.$queryRaw<{ cluster_id: string }[]>`
      UPDATE cluster_assignments a SET acked_generation = GREATEST(a.acked_generation, x.generation)
        FROM jsonb_to_recordset(${json}::jsonb) AS x(cluster_id text, generation bigint)
       WHERE a.cluster_id = x.cluster_id AND a.generation >= x.generation
      RETURNING a.cluster_id`;
    const recorded = new Set(rows.map((r) => r.cluster_id));
    return acks.map((a) => recorded.has(a.clusterId));
  }

  /** Whether the cluster's current or previous assignment names the digest. */
  async namesDigest(clusterId: string, digest: string): Promise<boolean> {
    const probe = JSON.stringify([{ digest }]);
    const rows = await this.db.$queryRaw<{ ok: number }[]>`
      SELECT 1 AS ok FROM cluster_assignments
       WHERE cluster_id = ${clusterId}
         AND (document -> 'sources' @> ${probe}::jsonb OR previous_document -> 'sources' @> ${probe}::jsonb)`;
    return rows.length > 0;
  }

  /** Clusters whose current assignment contains the Kustomization. */
  async clustersWithKustomization(namespace: string, name: string): Promise<string[]> {
    const probe = JSON.stringify([{ namespace, name }]);
    const rows = await this.db.$queryRaw<{ cluster_id: string }[]>`
      SELECT cluster_id FROM cluster_assignments WHERE document -> 'kustomizations' @> ${probe}::jsonb ORDER BY cluster_id`;
    return rows.map((r) => r.cluster_id);
  }

  /**
   * The latest reconcile request of each Kustomization the cluster's assignment places that the cluster has not
   * reported handling (its `lastHandledReconcileAt` is older, or it reported nothing yet): what an agent that was
   * away when the request was sent still owes.
   */
  async unhandledReconcileRequests(clusterId: string): Promise<{ namespace: string; name: string; requestedAt: Date }[]> {
    const rows = await this.db.$queryRaw<{ namespace: string; name: string; requested_at: Date; handled: string | null }[]>`
      SELECT k.namespace, k.name, k.last_reconcile_requested_at AS requested_at, f.last_handled_reconcile_at AS handled
        FROM cluster_placed_objects p
        JOIN kustomizations k ON k.namespace = p.namespace AND k.name = p.name
        LEFT JOIN flux_objects f ON f.cluster_id = p.cluster_id AND f.kind = p.kind AND f.namespace = p.namespace AND f.name = p.name
       WHERE p.cluster_id = ${clusterId} AND p.kind = 'Kustomization' AND k.last_reconcile_requested_at IS NOT NULL
       ORDER BY k.namespace, k.name`;
    // Flux compares the annotation's value as a string; a request sent on its own (one cluster's object) may be newer.
    return rows
      .filter((r) => r.handled === null || !(Date.parse(r.handled) >= r.requested_at.getTime()))
      .map((r) => ({ namespace: r.namespace, name: r.name, requestedAt: r.requested_at }));
  }

  async kustomizationName(id: string): Promise<{ namespace: string; name: string } | undefined> {
    return (await this.db.kustomization.findUnique({ where: { id }, select: { namespace: true, name: true } })) ?? undefined;
  }
}
