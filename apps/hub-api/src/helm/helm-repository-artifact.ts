// `status.artifact` of a hub HelmRepository: its stored index.yaml.

export interface HelmRepositoryArtifact {
  path: string;
  url: string;
  revision: string;
  digest: string;
  size: number;
  lastUpdateTime: string;
}

export function repositoryArtifactOf(status: unknown): HelmRepositoryArtifact | undefined {
  const a = typeof status === 'object' && status !== null ? (status as { artifact?: unknown }).artifact : undefined;
  if (typeof a !== 'object' || a === null) return undefined;
  const o = a as Record<string, unknown>;
  return typeof o.digest === 'string' && typeof o.revision === 'string' && typeof o.size === 'number' ? (o as unknown as HelmRepositoryArtifact) : undefined;
}
