import type { HelmRelease } from '@flotilla/prisma/client';
import { labelList } from '../common/label-map.js';
import { placementOf } from '../kustomizations/placement.js';
import { registryTlsFlags } from '../sources/registry-tls/registry-tls.sealed.js';
import { sourceStatusFields } from '../sources/source-status.mapper.js';
import { overlaysOf } from './cluster-values.js';
import type { HelmReleaseObject, HelmRepositoryObject } from './dto/helm.objects.js';
import { chartOf } from './helm-release-chart.js';
import type { HelmRepositoryRow } from './helm-repositories.repository.js';
import { repositoryArtifactOf } from './helm-repository-artifact.js';

export function toHelmRepositoryObject(row: HelmRepositoryRow): HelmRepositoryObject {
  const status = (row.status ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    type: row.type,
    url: row.url,
    insecure: row.insecure,
    interval: row.interval,
    timeout: row.timeout,
    passCredentials: row.passCredentials,
    suspend: row.suspend,
    labels: labelList(row.labels),
    credentialsKind: row.credentialsKind,
    ...registryTlsFlags(row.tlsKind),
    ...sourceStatusFields(status, repositoryArtifactOf(status), 'waiting for the first fetch'),
    generation: row.generation,
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
