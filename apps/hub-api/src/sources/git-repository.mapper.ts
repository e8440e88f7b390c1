import { labelList } from '../common/label-map.js';
import type { GitRepositoryRow } from './git-repositories.repository.js';
import type { GitRepositoryStatus } from '@flotilla/git-source';
import type { GitRefObject, GitRepositoryObject } from './dto/git-repository.object.js';
import { redactUrlCredentials } from './git-repository.validation.js';
import { sourceStatusFields } from './source-status.mapper.js';

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

export function toGitRepositoryObject(row: GitRepositoryRow): GitRepositoryObject {
  const status = storedStatus(row);
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
    ...sourceStatusFields(status, status.artifact, 'waiting for the first fetch'),
    generation: row.generation,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
