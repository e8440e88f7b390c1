import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { valuesDigest } from './canonical-digest.js';

// Helm's own release records, the truth a HelmRelease is reconciled against, read where helm keeps them: one
// Secret per revision (`sh.helm.release.v1.<name>.v<version>`, labels owner=helm, name, status, version) whose
// `release` key is the release JSON gzipped and base64-encoded. Only what the decision and the status need is
// kept in a record; the values themselves are in it only as their digest. One revision is read whole only for the
// hub's revision diff, which masks it before it leaves the agent.

export interface TestHook {
  lastStarted?: string;
  lastCompleted?: string;
  phase?: string;
}

export interface ReleaseRecord {
  secretName: string;
  name: string;
  namespace: string;
  version: number;
  status: string;
  description: string;
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  configDigest: string;
  /** Digest of the whole record as stored: a change by anything else than the last action shows here. */
  digest: string;
  firstDeployed: string;
  lastDeployed: string;
  deleted?: string;
  /** Test hooks that ran, by name (undefined when no test has run on this revision). */
  testHooks?: Record<string, TestHook>;
  manifest: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const time = (v: unknown): string => (typeof v === 'string' && v && !v.startsWith('0001-') ? new Date(v).toISOString().replace(/\.\d+Z$/, 'Z') : '');

/** Decodes one record from the Secret's `release` value (still base64 as helm wrote it). */
export function decodeRelease(encoded: string): Record<string, unknown> {
  let raw = Buffer.from(encoded, 'base64');
  if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  const doc: unknown = JSON.parse(raw.toString('utf8'));
  if (!isRecord(doc)) throw new Error('not a release object');
  return doc;
}

export function encodeRelease(release: Record<string, unknown>): string {
  return gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
}

export function recordOf(secretName: string, rel: Record<string, unknown>, digest: string): ReleaseRecord {
  const info = isRecord(rel.info) ? rel.info : {};
  const meta = isRecord(rel.chart) && isRecord(rel.chart.metadata) ? rel.chart.metadata : {};
  const hooks = Array.isArray(rel.hooks) ? rel.hooks.filter(isRecord) : [];
  const tests = hooks.filter((h) => Array.isArray(h.events) && h.events.includes('test'));
  const ran = tests.filter((h) => isRecord(h.last_run) && time(h.last_run.started_at));
  const testHooks = ran.length
    ? Object.fromEntries(
        ran.map((h) => {
          const r = isRecord(h.last_run) ? h.last_run : {};
          const t: TestHook = {};
          if (time(r.started_at)) t.lastStarted = time(r.started_at);
          if (time(r.completed_at)) t.lastCompleted = time(r.completed_at);
          if (str(r.phase)) t.phase = str(r.phase);
          return [str(h.name), t];
        }),
      )
    : undefined;
  const appVersion = str(meta.appVersion);
  const deleted = time(info.deleted);
  return {
    secretName,
    name: str(rel.name),
    namespace: str(rel.namespace),
    version: typeof rel.version === 'number' ? rel.version : 0,
    status: str(info.status),
    description: str(info.description),
    chartName: str(meta.name),
    chartVersion: str(meta.version),
    ...(appVersion ? { appVersion } : {}),
    configDigest: valuesDigest(isRecord(rel.config) ? rel.config : {}),
    digest,
    firstDeployed: time(info.first_deployed),
    lastDeployed: time(info.last_deployed),
    ...(deleted ? { deleted } : {}),
    ...(testHooks ? { testHooks } : {}),
    manifest: str(rel.manifest),
  };
}

export const secretsPath = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`;

/** The label selector of a release's records, as helm's secrets driver labels them. */
export const releaseRecordSelector = (releaseName: string): string => `owner=helm,name=${releaseName}`;

/** Every stored revision of the release, newest first. */
export async function listReleaseRecords(kube: KubeClient, namespace: string, name: string): Promise<ReleaseRecord[]> {
  const res = await kube.request({ method: 'GET', path: secretsPath(namespace), query: { labelSelector: releaseRecordSelector(name) } });
  if (res.status !== 200) throw new Error(`failed to retrieve last release from storage: ${apiFailure(res.status, res.body).message}`);
  const items = isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items.filter(isRecord) : [];
  const records: ReleaseRecord[] = [];
  for (const s of items) {
    const data = isRecord(s.data) && typeof s.data.release === 'string' ? s.data.release : undefined;
    if (!data || s.type !== 'helm.sh/release.v1') continue;
    const encoded = Buffer.from(data, 'base64').toString('utf8');
    const rel = decodeRelease(encoded);
    records.push(recordOf(isRecord(s.metadata) ? str(s.metadata.name) : '', rel, `sha256:${createHash('sha256').update(encoded).digest('hex')}`));
  }
  return records.sort((a, b) => b.version - a.version);
}

/** Helm's Secret of one revision: `sh.helm.release.v1.<release>.v<version>`. */
const revisionSecret = (releaseName: string, version: number): string => `sh.helm.release.v1.${releaseName}.v${version}`;

/** One stored revision decoded (values, manifest and all), or 404 when helm keeps no such revision. */
export async function readReleaseRevision(
  kube: KubeClient,
  namespace: string,
  releaseName: string,
  version: number,
): Promise<{ ok: true; release: Record<string, unknown> } | { ok: false; status: number; message: string }> {
  const got = await kube.request({ method: 'GET', path: `${secretsPath(namespace)}/${encodeURIComponent(revisionSecret(releaseName, version))}` });
  const s = isRecord(got.body) ? got.body : {};
  const data = isRecord(s.data) && typeof s.data.release === 'string' ? s.data.release : undefined;
  if (got.status !== 200) return { ok: false, status: got.status, message: apiFailure(got.status, got.body).message };
  if (!data || s.type !== 'helm.sh/release.v1') return { ok: false, status: 404, message: 'not a helm release record' };
  try {
    return { ok: true, release: decodeRelease(Buffer.from(data, 'base64').toString('utf8')) };
  } catch {
    // JSON.parse quotes the text it fails on, which may be values: the reason is left out.
    return { ok: false, status: 422, message: 'the release record could not be decoded' };
  }
}

/**
 * Marks a release stuck in a pending state as failed, as helm-controller's unlock does: the process that held
 * it is gone (its install or upgrade can never finish), and helm refuses any action on a pending release.
 */
export async function unlockRelease(kube: KubeClient, namespace: string, record: ReleaseRecord): Promise<void> {
  const path = `${secretsPath(namespace)}/${encodeURIComponent(record.secretName)}`;
  const got = await kube.request({ method: 'GET', path });
  if (got.status !== 200 || !isRecord(got.body)) throw new Error(`failed to unlock release: ${apiFailure(got.status, got.body).message}`);
  const secret = got.body;
  const data = isRecord(secret.data) ? secret.data : {};
  const rel = decodeRelease(Buffer.from(String(data.release), 'base64').toString('utf8'));
  const info = isRecord(rel.info) ? rel.info : {};
  rel.info = { ...info, status: 'failed', description: `Release unlocked from stale '${record.status}' state` };
  const metadata = isRecord(secret.metadata) ? secret.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const body = { ...secret, metadata: { ...metadata, labels: { ...labels, status: 'failed' } }, data: { ...data, release: Buffer.from(encodeRelease(rel)).toString('base64') } };
  const put = await kube.request({ method: 'PUT', path, body });
  if (put.status !== 200) throw new Error(`failed to unlock release: ${apiFailure(put.status, put.body).message}`);
}
