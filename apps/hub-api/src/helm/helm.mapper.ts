import type { HelmRelease } from '@flotilla/prisma/client';
import { labelList } from '../common/label-map.js';
import { placementOf } from '../kustomizations/placement.js';
import { toConditionObjects } from '../sources/git-repository.mapper.js';
import { overlaysOf } from './cluster-values.js';
import type { HelmReleaseObject, HelmRepositoryObject } from './dto/helm.objects.js';
import { chartOf } from './helm-release-chart.js';
import type { HelmRepositoryRow } from './helm-repositories.repository.js';
import { repositoryArtifactOf } from './helm-repository-artifact.js';

export function toHelmRepositoryObject(row: HelmRepositoryRow): HelmRepositoryObject {
  const status = (row.status ?? {}) as Record<string, unknown>;
  const conditions = toConditionObjects(status.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  const a = repositoryArtifactOf(status);
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    url: row.url,
    interval: row.interval,
    timeout: row.timeout,
    passCredentials: row.passCredentials,
    suspend: row.suspend,
    labels: labelList(row.labels),
    credentialsKind: row.credentialsKind,
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? (status.conditions ? null : 'waiting for the first fetch'),
    conditions,
    artifact: a ? { revision: a.revision, digest: a.digest, size: a.size, lastUpdateTime: new Date(a.lastUpdateTime) } : null,
    generation: row.generation,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toHelmReleaseObject(row: HelmRelease): HelmReleaseObject {
  const chart = chartOf(row.chart);
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    spec: row.spec,
    overlays: overlaysOf(row.overlays),
    placement: placementOf(row.placement),
    labels: labelList(row.labels),
    generation: row.generation,
    chart: {
      name: chart.artifact?.name ?? null,
      version: chart.artifact?.version ?? null,
      digest: chart.artifact?.digest ?? null,
      size: chart.artifact?.size ?? null,
      failureReason: chart.failure?.reason ?? null,
      failureMessage: chart.failure?.message ?? null,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
