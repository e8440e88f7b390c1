import { labelList } from '../common/label-map.js';
import type { GitRepositoryRow } from './git-repositories.repository.js';
import type { GitRepositoryStatus } from '@flotilla/git-source';
import type { ConditionObject } from './dto/condition.object.js';
import type { GitRefObject, GitRepositoryObject } from './dto/git-repository.object.js';
import { redactUrlCredentials } from './git-repository.validation.js';

/** What the `status` column holds: the engine's status plus the retry counter and the handled request. */
export interface StoredGitRepositoryStatus extends Partial<GitRepositoryStatus> {
  failures?: number;
  lastHandledReconcileAt?: string;
}

export function storedStatus(row: Pick<GitRepositoryRow, 'status'>): StoredGitRepositoryStatus {
  const s = row.status;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as StoredGitRepositoryStatus) : {};
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function toGitRefObject(ref: unknown): GitRefObject | null {
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return null;
  const r = ref as Record<string, unknown>;
  return { branch: str(r.branch), tag: str(r.tag), semver: str(r.semver), commit: str(r.commit), name: str(r.name) };
}

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

export function toGitRepositoryObject(row: GitRepositoryRow): GitRepositoryObject {
  const status = storedStatus(row);
  const conditions = toConditionObjects(status.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  const a = status.artifact;
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    // Rows are validated when written; this guards the API against any written before that rule.
    url: redactUrlCredentials(row.url),
    ref: toGitRefObject(row.ref),
    interval: row.interval,
    timeout: row.timeout,
    ignore: row.ignore,
    suspend: row.suspend,
    labels: labelList(row.labels),
    credentialsKind: row.credentialsKind,
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? (status.conditions ? null : 'waiting for the first fetch'),
    conditions,
    artifact: a ? { revision: a.revision, digest: a.digest, size: a.size, lastUpdateTime: new Date(a.lastUpdateTime) } : null,
    generation: row.generation,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : null,
    lastHandledReconcileAt: status.lastHandledReconcileAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
