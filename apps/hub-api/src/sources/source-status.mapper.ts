import type { ConditionObject } from './dto/condition.object.js';

export function toConditionObjects(conditions: unknown): ConditionObject[] {
  if (!Array.isArray(conditions)) return [];
  return conditions
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c) => ({
      type: String(c.type ?? ''),
      status: String(c.status ?? 'Unknown'),
      reason: String(c.reason ?? ''),
      message: String(c.message ?? ''),
      lastTransitionTime: typeof c.lastTransitionTime === 'string' && !Number.isNaN(Date.parse(c.lastTransitionTime)) ? new Date(c.lastTransitionTime) : null,
    }));
}

interface StoredArtifact {
  revision: string;
  digest: string;
  size: number;
  lastUpdateTime: string;
}

/**
 * The status fields every hub source shows the same way: Ready and its message, conditions, artifact, observed
 * generation, and Flux's `lastHandledReconcileAt` (the last reconcile request acted on, what `flux reconcile` waits for).
 */
export function sourceStatusFields(
  status: { conditions?: unknown; observedGeneration?: unknown; lastHandledReconcileAt?: unknown },
  artifact: StoredArtifact | null | undefined,
  waiting: string,
): {
  ready: string;
  message: string | null;
  conditions: ConditionObject[];
  artifact: { revision: string; digest: string; size: number; lastUpdateTime: Date } | null;
  observedGeneration: number | null;
  lastHandledReconcileAt: string | null;
} {
  const conditions = toConditionObjects(status.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  return {
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? (status.conditions ? null : waiting),
    conditions,
    artifact: artifact ? { revision: artifact.revision, digest: artifact.digest, size: artifact.size, lastUpdateTime: new Date(artifact.lastUpdateTime) } : null,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : null,
    lastHandledReconcileAt: typeof status.lastHandledReconcileAt === 'string' ? status.lastHandledReconcileAt : null,
  };
}
