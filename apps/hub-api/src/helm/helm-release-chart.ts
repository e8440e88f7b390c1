// The `chart` column of a hub HelmRelease: the chart version the hub resolved from its HelmRepository's index
// and stored in the artifact store (what every cluster installs), and the last failure to resolve or pull one.
// A failure keeps the last good artifact, as source-controller keeps a HelmChart's.

export interface ResolvedChart {
  name: string;
  version: string;
  digest: string;
  size: number;
  /** The source revision the chart came from: the index's (sha256 of index.yaml), a GitRepository's or an OCIRepository's; empty for a HelmRepository of type oci (no index). */
  indexRevision: string;
}

export interface ChartState {
  artifact?: ResolvedChart;
  failure?: { reason: string; message: string; at: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function chartOf(json: unknown): ChartState {
  if (!isRecord(json)) return {};
  const a = json.artifact;
  const f = json.failure;
  const artifact =
    isRecord(a) && typeof a.name === 'string' && typeof a.version === 'string' && typeof a.digest === 'string' && typeof a.size === 'number' && typeof a.indexRevision === 'string'
      ? { name: a.name, version: a.version, digest: a.digest, size: a.size, indexRevision: a.indexRevision }
      : undefined;
  const failure = isRecord(f) && typeof f.reason === 'string' && typeof f.message === 'string' && typeof f.at === 'string' ? { reason: f.reason, message: f.message, at: f.at } : undefined;
  return { ...(artifact ? { artifact } : {}), ...(failure ? { failure } : {}) };
}
