import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { Inject, Injectable } from '@nestjs/common';
import { labelMap } from '../common/label-map.js';
import { PRISMA, type Db } from '../db/prisma.service.js';

/** Who uses a source: Kustomizations that name it, and the digests assignments pin (for GC). */
@Injectable()
export class SourceUsageRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** Kustomizations whose sourceRef names this GitRepository (Flux: sourceRef.namespace defaults to the Kustomization's). */
  async kustomizationsUsing(namespace: string, name: string): Promise<{ id: string; namespace: string; name: string }[]> {
    return this.db.$queryRaw<{ id: string; namespace: string; name: string }[]>`
      SELECT id, namespace, name FROM kustomizations
      WHERE coalesce(spec->'sourceRef'->>'kind', ${FLUX_KINDS.GitRepository.kind}) = ${FLUX_KINDS.GitRepository.kind}
        AND spec->'sourceRef'->>'name' = ${name}
        AND coalesce(spec->'sourceRef'->>'namespace', namespace) = ${namespace}
      ORDER BY namespace, name`;
  }

  /** What decides who may see a source: the Kustomizations (and their source) and the clusters they are placed on. */
  async placements(): Promise<{ kustomizations: { namespace: string; placement: unknown; sourceNamespace: string; sourceName: string }[]; clusters: { id: string; name: string; labels: Record<string, string> }[] }> {
    const [kustomizations, clusters] = await Promise.all([
      this.db.$queryRaw<{ namespace: string; placement: unknown; sourceNamespace: string; sourceName: string }[]>`
        SELECT namespace, placement, coalesce(spec->'sourceRef'->>'namespace', namespace) AS "sourceNamespace", spec->'sourceRef'->>'name' AS "sourceName"
        FROM kustomizations WHERE coalesce(spec->'sourceRef'->>'kind', ${FLUX_KINDS.GitRepository.kind}) = ${FLUX_KINDS.GitRepository.kind}`,
      this.db.cluster.findMany({ select: { id: true, name: true, labels: true } }),
    ]);
    return { kustomizations, clusters: clusters.map((c) => ({ id: c.id, name: c.name, labels: labelMap(c.labels) })) };
  }

  /**
   * Every digest a cluster's current or previous assignment names, every digest a source status names (a Helm
   * repository's index included) and every chart a hub HelmRelease resolved.
   */
  async digestsInUse(): Promise<Set<string>> {
    const rows = await this.db.$queryRaw<{ digest: string | null }[]>`
      SELECT jsonb_path_query(document, '$.sources[*].digest') #>> '{}' AS digest FROM cluster_assignments
      UNION SELECT jsonb_path_query(coalesce(previous_document, '{}'::jsonb), '$.sources[*].digest') #>> '{}' FROM cluster_assignments
      UNION SELECT status->'artifact'->>'digest' FROM git_repositories
      UNION SELECT status->'artifact'->>'digest' FROM helm_repositories
      UNION SELECT status->'artifact'->>'digest' FROM oci_repositories
      UNION SELECT chart->'artifact'->>'digest' FROM helm_releases`;
    return new Set(rows.map((r) => r.digest).filter((d): d is string => typeof d === 'string'));
  }
}
