import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { sha256Digest } from '../../../helm/helm-artifact-storage.js';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import type { FileTree } from '@flotilla/git-source';
import { openArtifact } from '@flotilla/git-source';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from './helm-chart-template.js';
import { HELM_FIELD_MANAGER } from './release-drift.js';

// A chart's `crds/` directory is applied by the agent before helm runs, as helm-controller applies it (helm is
// then told to skip it): under Create the CRDs the cluster lacks are created and existing ones left alone, under
// CreateReplace every CRD of the chart (its subcharts' too) is created or replaced. `helm upgrade` never
// touches `crds/`, and helm's own install only creates the missing ones without a mark, so doing it here gives
// every policy on both actions, and the origin labels helm-controller puts on them
// (`helm.toolkit.fluxcd.io/name` and `/namespace`), by which `flux tree` finds them under their HelmRelease.
// Then, as helm-controller does, it waits until the API server serves what it created or replaced.

export type CrdPolicy = 'Create' | 'CreateReplace';

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const MAX_DEPTH = 5;

/** The documents of `crds/` in the chart and, recursively, in its subcharts (directories or archives). */
function crdDocuments(files: FileTree, depth = 0): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const top = [...files.keys()][0]?.split('/')[0] ?? '';
  const root = files.has(`${top}/Chart.yaml`) ? `${top}/` : '';
  for (const [p, data] of files) {
    if (!p.startsWith(root)) continue;
    const rel = p.slice(root.length);
    const inCrds = /^(charts\/[^/]+\/)*crds\/[^/]+\.(ya?ml|json)$/.test(rel);
    if (inCrds) {
      for (const doc of parseAllDocuments(Buffer.from(data).toString('utf8'))) {
        const o = doc.toJS() as unknown;
        if (isRecord(o) && o.kind === 'CustomResourceDefinition' && isRecord(o.metadata) && typeof o.metadata.name === 'string') out.push(o);
      }
    } else if (depth < MAX_DEPTH && /^charts\/[^/]+\.tgz$/.test(rel)) {
      const bytes = new Uint8Array(data);
      const sub = openArtifact({ kind: 'tarball', revision: rel, digest: sha256Digest(bytes), bytes });
      if (sub.ok) out.push(...crdDocuments(sub.files, depth + 1));
    }
  }
  return out;
}

/** The HelmRelease whose chart it is, named on each CRD by helm-controller's origin labels. */
export interface CrdOrigin {
  namespace: string;
  name: string;
}

/** The label selector of the CRDs a HelmRelease's chart installed, as `flux tree` selects them. */
export function crdOriginSelector(origin: CrdOrigin): string {
  return `${OWNER_NAME_LABEL}=${origin.name},${OWNER_NAMESPACE_LABEL}=${origin.namespace}`;
}

const withOrigin = (crd: Record<string, unknown>, origin: CrdOrigin): Record<string, unknown> => {
  const metadata = isRecord(crd.metadata) ? crd.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return { ...crd, metadata: { ...metadata, labels: { ...labels, [OWNER_NAME_LABEL]: origin.name, [OWNER_NAMESPACE_LABEL]: origin.namespace } } };
};

const established = (o: unknown): boolean =>
  isRecord(o) && isRecord(o.status) && Array.isArray(o.status.conditions) && o.status.conditions.some((c) => isRecord(c) && c.type === 'Established' && c.status === 'True');

/** Applies the chart's CRDs under the policy; returns why it failed, or undefined. */
export async function applyChartCrds(kube: KubeClient, chartFile: string, policy: CrdPolicy, origin: CrdOrigin, waitMs = 60_000): Promise<string | undefined> {
  const bytes = new Uint8Array(await readFile(chartFile));
  const opened = openArtifact({ kind: 'tarball', revision: chartFile, digest: sha256Digest(bytes), bytes });
  if (!opened.ok) return `failed to read the chart's CustomResourceDefinitions: ${opened.message}`;
  const applied: string[] = [];
  for (const crd of crdDocuments(opened.files).map((c) => withOrigin(c, origin))) {
    const name = String((crd.metadata as { name: string }).name);
    const res =
      policy === 'Create'
        ? await kube.request({ method: 'POST', path: CRD_PATH, query: { fieldManager: HELM_FIELD_MANAGER }, body: crd })
        : await kube.request({ method: 'PATCH', path: `${CRD_PATH}/${encodeURIComponent(name)}`, query: { fieldManager: HELM_FIELD_MANAGER, force: 'true' }, body: crd, contentType: 'application/apply-patch+yaml' });
    if (policy === 'Create' && res.status === 409) continue;
    if (res.status === 200 || res.status === 201) {
      applied.push(name);
      continue;
    }
    return `failed to ${policy === 'Create' ? 'create' : 'create or replace'} CustomResourceDefinition ${name}: ${apiFailure(res.status, res.body).message}`;
  }
  return waitEstablished(kube, applied, waitMs);
}

/** Waits until every named CRD is Established; returns why not, or undefined. */
async function waitEstablished(kube: KubeClient, names: readonly string[], waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  let pending = [...names];
  while (pending.length > 0) {
    const still: string[] = [];
    for (const name of pending) {
      const res = await kube.request({ method: 'GET', path: `${CRD_PATH}/${encodeURIComponent(name)}` });
      if (!(res.status === 200 && established(res.body))) still.push(name);
    }
    pending = still;
    if (pending.length === 0) break;
    if (Date.now() >= deadline) return `failed to wait for CustomResourceDefinition(s): ${pending.join(', ')} not established after ${Math.round(waitMs / 1000)}s`;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}
