import { parse } from 'yaml';

// A Helm repository's index.yaml as helm's repo.IndexFile reads it, and the size limits source-controller puts
// on what it downloads. The hub (fetching a HelmRepository once for the fleet) and the agent (fetching one found
// in its cluster) both read indexes with these.

/** source-controller's default `--helm-index-max-size`. */
export const MAX_INDEX_BYTES = 50 * 1024 * 1024;
/** source-controller's default `--helm-chart-max-size`. */
export const MAX_CHART_BYTES = 10 * 1024 * 1024;

/** The index's entries: chart name → versions with their archive URLs. */
export interface HelmIndex {
  entries: Record<string, Array<{ version: string; urls: string[]; digest?: string; appVersion?: string }>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses index.yaml (or its JSON form) as helm does: apiVersion is required, entries may be empty. */
export function parseHelmIndex(bytes: Uint8Array): { ok: true; index: HelmIndex } | { ok: false; message: string } {
  let doc: unknown;
  try {
    doc = parse(Buffer.from(bytes).toString('utf8'), { maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, message: `failed to load Helm repository from index YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!isRecord(doc)) return { ok: false, message: 'failed to load Helm repository from index YAML: not a YAML map' };
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion) return { ok: false, message: 'failed to load Helm repository from index YAML: no API version specified' };
  const entries: HelmIndex['entries'] = {};
  if (isRecord(doc.entries)) {
    for (const [name, list] of Object.entries(doc.entries)) {
      if (!Array.isArray(list)) continue;
      entries[name] = list.flatMap((v) =>
        isRecord(v) && (typeof v.version === 'string' || typeof v.version === 'number') && Array.isArray(v.urls)
          ? [{ version: String(v.version), urls: v.urls.filter((x): x is string => typeof x === 'string'), ...(typeof v.digest === 'string' ? { digest: v.digest } : {}), ...(typeof v.appVersion === 'string' ? { appVersion: v.appVersion } : {}) }]
          : [],
      );
    }
  }
  return { ok: true, index: { entries } };
}

/** The archive URL of one chart version, resolved against the repository URL as helm's getter does. */
export function chartDownloadUrl(repositoryUrl: string, entry: { urls: string[] }): string | undefined {
  const rel = entry.urls[0];
  return rel ? new URL(rel, `${repositoryUrl.replace(/\/+$/, '')}/`).toString() : undefined;
}
