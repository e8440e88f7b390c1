import { applyDriftIgnoreEdits, driftIgnoreEdits, ignoredPaths, withoutPaths, type CompiledDriftIgnore } from '@flotilla/reconcile-core';
import { parseAllDocuments } from 'yaml';
import { apiFailure } from '../../../k8s/api-error.js';
import type { RestMapper } from '../../../k8s/discovery.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { driftOf } from '../../../k8s/live.js';
import { isRecord, refOf, subjectOf, type KubeObject } from '../../../k8s/object-ref.js';

// Drift of a release's objects, as helm-controller's driftDetection finds and corrects it: each object of the
// manifest helm stored for the release is applied server-side as a dry run with helm's field manager and compared
// with the live object (the Kustomization's drift rule); a missing object or a changed one is drift. Correcting
// applies those objects for real with helm's field manager, so helm keeps owning the fields at the next upgrade.
// `driftDetection.ignore` rules (JSON pointers, a target selector) are the Kustomization's `ignore` rules, one
// implementation (reconcile-core): an ignored path counts for neither drift nor correction.

/** The field manager helm v4 applies release objects with. */
export const HELM_FIELD_MANAGER = 'helm';

export interface DriftedObject {
  subject: string;
  action: 'create' | 'update';
  object: KubeObject;
  path: string;
}

export interface DriftReport {
  drifted: DriftedObject[];
  errors: string[];
}

/** The manifest's objects as helm applied them: with the ownership label and annotations helm adds to each. */
function manifestObjects(manifest: string, release: { name: string; namespace: string }): KubeObject[] {
  return parseAllDocuments(manifest)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is KubeObject => isRecord(o) && typeof o.kind === 'string' && isRecord(o.metadata))
    .map((o) => {
      const meta = o.metadata as Record<string, unknown>;
      const labels = { ...(isRecord(meta.labels) ? meta.labels : {}), 'app.kubernetes.io/managed-by': 'Helm' };
      const annotations = { ...(isRecord(meta.annotations) ? meta.annotations : {}), 'meta.helm.sh/release-name': release.name, 'meta.helm.sh/release-namespace': release.namespace };
      return { ...o, metadata: { namespace: release.namespace, ...meta, labels, annotations } };
    });
}

async function apply(kube: KubeClient, path: string, obj: KubeObject, dryRun: boolean) {
  return kube.request({ method: 'PATCH', path, query: { fieldManager: HELM_FIELD_MANAGER, force: 'true', ...(dryRun ? { dryRun: 'All' } : {}) }, body: obj, contentType: 'application/apply-patch+yaml' });
}

export async function detectDrift(kube: KubeClient, mapper: RestMapper, manifest: string, release: { name: string; namespace: string }, ignore?: CompiledDriftIgnore): Promise<DriftReport> {
  const report: DriftReport = { drifted: [], errors: [] };
  for (const obj of manifestObjects(manifest, release)) {
    const ref = refOf(obj);
    const paths = await mapper.paths(ref);
    if (!paths) {
      report.errors.push(`${subjectOf(ref)}: no matches for kind "${ref.kind}"`);
      continue;
    }
    // A cluster-scoped object carries no namespace.
    const target = paths.mapping.namespaced ? obj : { ...obj, metadata: { ...(obj.metadata as Record<string, unknown>), namespace: undefined } };
    const [live, dry] = await Promise.all([kube.request({ method: 'GET', path: paths.object }), apply(kube, paths.object, target, true)]);
    if (live.status !== 200 && live.status !== 404) {
      report.errors.push(`${subjectOf(ref)}: ${apiFailure(live.status, live.body).message}`);
      continue;
    }
    if ((dry.status !== 200 && dry.status !== 201) || !isRecord(dry.body)) {
      report.errors.push(`${subjectOf(ref)}: ${apiFailure(dry.status, dry.body).message}`);
      continue;
    }
    const current = live.status === 200 && isRecord(live.body) ? (live.body as KubeObject) : undefined;
    const ignored = ignore && current ? ignoredPaths(ignore, dry.body as KubeObject) : [];
    const drift = ignored.length > 0 && current ? driftOf(withoutPaths(current, ignored), withoutPaths(dry.body as KubeObject, ignored)) : driftOf(current, dry.body);
    // The correction leaves out ignored fields another applier owns and keeps the live value of those only helm applies.
    const object = ignored.length > 0 && current ? applyDriftIgnoreEdits(target, driftIgnoreEdits(current, dry.body as KubeObject, ignored, HELM_FIELD_MANAGER)) : target;
    if (drift !== 'none') report.drifted.push({ subject: subjectOf(ref), action: drift, object, path: paths.object });
  }
  return report;
}

export async function correctDrift(kube: KubeClient, drifted: readonly DriftedObject[]): Promise<string[]> {
  const errors: string[] = [];
  for (const d of drifted) {
    const res = await apply(kube, d.path, d.object, false);
    if (res.status !== 200 && res.status !== 201) errors.push(`${d.subject}: ${apiFailure(res.status, res.body).message}`);
  }
  return errors;
}

/** One line per object, as Flux summarises a diff set in its events. */
export const summarizeDrift = (drifted: readonly DriftedObject[]): string => drifted.map((d) => `${d.subject} ${d.action === 'create' ? 'removed' : 'changed'}`).join('\n');
