import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { sha256Digest } from '../../../helm/helm-artifact-storage.js';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import type { FileTree } from '@flotilla/git-source';
import { openArtifact } from '@flotilla/git-source';
import { HELM_FIELD_MANAGER } from './release-drift.js';

// The CRD policies helm itself does not have, applied by the agent before helm runs, as helm-controller applies
// them: `helm upgrade` never touches a chart's `crds/` directory, so under `upgrade.crds` Create the CRDs the
// cluster lacks are created, and under CreateReplace every CRD of the chart (its subcharts' too) is created or
// replaced; `install.crds` CreateReplace replaces the CRDs that exist before the install (helm's own install
// only creates the missing ones). Existing CRDs are left alone under Create, as in helm-controller.

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

/** Applies the chart's CRDs under the policy; returns why it failed, or undefined. */
export async function applyChartCrds(kube: KubeClient, chartFile: string, policy: CrdPolicy): Promise<string | undefined> {
  const bytes = new Uint8Array(await readFile(chartFile));
  const opened = openArtifact({ kind: 'tarball', revision: chartFile, digest: sha256Digest(bytes), bytes });
  if (!opened.ok) return `failed to read the chart's CustomResourceDefinitions: ${opened.message}`;
  for (const crd of crdDocuments(opened.files)) {
    const name = String((crd.metadata as { name: string }).name);
    const res =
      policy === 'Create'
        ? await kube.request({ method: 'POST', path: CRD_PATH, query: { fieldManager: HELM_FIELD_MANAGER }, body: crd })
        : await kube.request({ method: 'PATCH', path: `${CRD_PATH}/${encodeURIComponent(name)}`, query: { fieldManager: HELM_FIELD_MANAGER, force: 'true' }, body: crd, contentType: 'application/apply-patch+yaml' });
    if (res.status === 200 || res.status === 201 || (policy === 'Create' && res.status === 409)) continue;
    return `failed to ${policy === 'Create' ? 'create' : 'create or replace'} CustomResourceDefinition ${name}: ${apiFailure(res.status, res.body).message}`;
  }
  return undefined;
}
