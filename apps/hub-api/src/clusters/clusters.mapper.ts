import type { Cluster } from '@flotilla/prisma/client';
import type { ClusterObject } from './dto/cluster.object.js';

function entries(json: unknown): { key: string; value: string }[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [];
  return Object.entries(json as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

export function toClusterObject(row: Cluster): ClusterObject {
  return {
    id: row.id,
    name: row.name,
    labels: entries(row.labels),
    variables: entries(row.variables),
    connectionState: row.connectionState,
    kubernetesVersion: row.kubernetesVersion,
    agentVersion: row.agentVersion,
    nodeCount: row.nodeCount,
    lastSeenAt: row.lastSeenAt,
    createdAt: row.createdAt,
  };
}
