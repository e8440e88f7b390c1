import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { assignmentHash, type AssignmentBody, type AssignmentCluster, type AssignmentKustomization, type AssignmentSource } from './assignment-document.js';
import type { Assignment } from '@flotilla/protocol';

export interface StoredAssignment {
  changed: boolean;
  document: Assignment;
}

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
  return { sources: d.sources, kustomizations: d.kustomizations };
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

  async kustomizations(): Promise<AssignmentKustomization[]> {
    const rows = await this.db.kustomization.findMany({ select: { id: true, namespace: true, name: true, generation: true, spec: true, placement: true } });
    return rows;
  }

  async sources(): Promise<AssignmentSource[]> {
    const rows = await this.db.gitRepository.findMany({ select: { namespace: true, name: true, status: true } });
    return rows.map((r) => ({ namespace: r.namespace, name: r.name, artifact: artifactOf(r.status) }));
  }

  async current(clusterId: string): Promise<Assignment | undefined> {
    const row = await this.db.clusterAssignment.findUnique({ where: { clusterId }, select: { document: true, generation: true } });
    const body = row && bodyOf(row.document);
    return row && body ? { generation: Number(row.generation), ...body } : undefined;
  }

  /**
   * Stores the body as the cluster's assignment unless the stored one has the same canonical hash. The row is
   * locked, so concurrent recomputes on several replicas serialise and the generation rises once per change.
   * The replaced document is kept as previous_document (its artifacts stay downloadable and are not GC'd).
   * Returns undefined when the cluster no longer exists.
   */
  async storeIfChanged(clusterId: string, body: AssignmentBody): Promise<StoredAssignment | undefined> {
    const hash = assignmentHash(body);
    try {
      return await this.db.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO cluster_assignments (cluster_id, generation, document) VALUES (${clusterId}, 0, '{}'::jsonb) ON CONFLICT (cluster_id) DO NOTHING`;
        const rows = await tx.$queryRaw<{ generation: bigint; document: unknown }[]>`
          SELECT generation, document FROM cluster_assignments WHERE cluster_id = ${clusterId} FOR UPDATE`;
        const row = rows[0]!;
        const stored = bodyOf(row.document);
        if (row.generation > 0n && stored && assignmentHash(stored) === hash) {
          return { changed: false, document: { generation: Number(row.generation), ...stored } };
        }
        const document: Assignment = { generation: Number(row.generation + 1n), ...body };
        const previous = row.generation > 0n ? JSON.stringify(row.document) : null;
        await tx.$executeRaw`
          UPDATE cluster_assignments
             SET generation = generation + 1, document = ${JSON.stringify(document)}::jsonb,
                 previous_document = ${previous}::jsonb, updated_at = now()
           WHERE cluster_id = ${clusterId}`;
        return { changed: true, document };
      });
    } catch (err) {
      // The cluster was deleted while we computed: nothing to store.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2003') return undefined;
      if (err instanceof Error && /foreign key/i.test(err.message)) return undefined;
      throw err;
    }
  }

  /** Records the agent's ack; never above the generation actually stored, never backwards. */
  async ack(clusterId: string, generation: number): Promise<boolean> {
    const n = await this.db.$executeRaw`
      UPDATE cluster_assignments SET acked_generation = GREATEST(acked_generation, ${BigInt(generation)})
       WHERE cluster_id = ${clusterId} AND generation >= ${BigInt(generation)}`;
    return n > 0;
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

  async kustomizationName(id: string): Promise<{ namespace: string; name: string } | undefined> {
    return (await this.db.kustomization.findUnique({ where: { id }, select: { namespace: true, name: true } })) ?? undefined;
  }
}
