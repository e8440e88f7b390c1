import { helmReleaseStatusSchema, type HelmSnapshotWire } from '@flotilla/protocol';
import type { Cluster, FluxObject } from '@flotilla/prisma/client';
import { toClusterObject } from '../clusters/clusters.mapper.js';
import { toConditionObjects } from '../sources/git-repository.mapper.js';
import type { HelmReleaseClusterStatusObject, HelmReleaseSnapshotObject } from './dto/helm-release-status.objects.js';

// A hub HelmRelease's row of flux_objects on one cluster → its GraphQL status. The stored `helm` column was
// validated by the protocol schema on the way in; it is parsed again so a row written by an older hub (none)
// or by hand reads as an empty history rather than failing the page.

const snapshotObject = (s: HelmSnapshotWire): HelmReleaseSnapshotObject => ({
  version: s.version,
  status: s.status,
  chartName: s.chartName,
  chartVersion: s.chartVersion,
  appVersion: s.appVersion ?? null,
  configDigest: s.configDigest,
  firstDeployed: s.firstDeployed ?? null,
  lastDeployed: s.lastDeployed ?? null,
  deleted: s.deleted ?? null,
  testHooks: Object.entries(s.testHooks ?? {}).map(([name, h]) => ({ name, phase: h.phase ?? null, lastStarted: h.lastStarted ?? null, lastCompleted: h.lastCompleted ?? null })),
});

export function toHelmReleaseClusterStatus(cluster: Cluster, row: FluxObject | undefined): HelmReleaseClusterStatusObject {
  const conditions = toConditionObjects(row?.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  const parsed = helmReleaseStatusSchema.safeParse(row?.helm);
  const helm = parsed.success ? parsed.data : { history: [] };
  return {
    cluster: toClusterObject(cluster),
    ready: ready?.status ?? 'Unknown',
    reason: ready?.reason ?? (row ? null : 'Pending'),
    message: ready?.message ?? (row ? null : 'waiting for the agent to report'),
    conditions,
    stalled: conditions.some((c) => c.type === 'Stalled' && c.status === 'True'),
    revision: row?.revision ?? null,
    lastAttemptedRevision: row?.lastAttemptedRevision ?? null,
    lastAttemptedConfigDigest: helm.lastAttemptedConfigDigest ?? null,
    lastAttemptedReleaseAction: helm.lastAttemptedReleaseAction ?? null,
    failures: helm.failures ?? 0,
    installFailures: helm.installFailures ?? 0,
    upgradeFailures: helm.upgradeFailures ?? 0,
    observedGeneration: row?.observedGeneration ?? null,
    updatedAt: row?.updatedAt ?? null,
    history: helm.history.map(snapshotObject),
  };
}
