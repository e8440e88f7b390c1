import { FIELD_MANAGER } from './field-manager.js';
import { annotationsOf, isRecord, metadataOf, type KubeObject } from './object-ref.js';

// Drift correction as kustomize-controller does it (flux.md §2 "Drift correction"): before applying, the
// fields owned by `kubectl` (Apply and Update; prefix match, so kubectl-edit and kubectl-client-side-apply
// too), by `before-first-apply`, and by our own old Update entries are handed to our Apply entry, and the
// `last-applied-configuration` annotation goes. The apply that follows then removes whatever Git no
// longer sets. Objects with `ssa: Merge` are left alone.

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
  time?: string;
}

function strippable(e: ManagedFieldsEntry): boolean {
  if (e.subresource) return false;
  const m = e.manager ?? '';
  if (m.startsWith('kubectl') && (e.operation === 'Apply' || e.operation === 'Update')) return true;
  if (m === 'before-first-apply' && e.operation === 'Update') return true;
  return m === FIELD_MANAGER && e.operation === 'Update';
}

/** Union of two fieldsV1 sets (nested objects whose keys are the owned paths). */
function unionFields(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isRecord(prev) && isRecord(v) ? unionFields(prev, v) : isRecord(prev) ? prev : v;
  }
  return out;
}

export type JsonPatchOp = { op: 'replace' | 'remove' | 'test'; path: string; value?: unknown };

/** The JSON patch that performs the cleanup on `live`, or undefined when there is nothing to clean. */
export function cleanupPatch(live: KubeObject, now: Date): JsonPatchOp[] | undefined {
  const meta = metadataOf(live);
  const entries: ManagedFieldsEntry[] = Array.isArray(meta.managedFields) ? meta.managedFields.filter(isRecord) : [];
  const stripped = entries.filter(strippable);
  const hasAnnotation = LAST_APPLIED_ANNOTATION in annotationsOf(live);
  if (stripped.length === 0 && !hasAnnotation) return undefined;
  const ops: JsonPatchOp[] = [{ op: 'test', path: '/metadata/resourceVersion', value: meta.resourceVersion }];
  if (stripped.length > 0) {
    const apiVersion = typeof live.apiVersion === 'string' ? live.apiVersion : '';
    const kept = entries.filter((e) => !strippable(e));
    let ours = kept.find((e) => e.manager === FIELD_MANAGER && e.operation === 'Apply' && !e.subresource);
    if (!ours) {
      ours = { manager: FIELD_MANAGER, operation: 'Apply', apiVersion, fieldsType: 'FieldsV1', fieldsV1: {}, time: now.toISOString().replace(/\.\d+Z$/, 'Z') };
      kept.push(ours);
    }
    let fields = ours.fieldsV1 ?? {};
    // Fields are only comparable within one API version; entries of other versions are dropped, not merged.
    for (const e of stripped) if (e.apiVersion === ours.apiVersion && e.fieldsV1) fields = unionFields(fields, e.fieldsV1);
    const merged = kept.map((e) => (e === ours ? { ...e, fieldsV1: fields } : e));
    ops.push({ op: 'replace', path: '/metadata/managedFields', value: merged });
  }
  if (hasAnnotation) ops.push({ op: 'remove', path: `/metadata/annotations/${LAST_APPLIED_ANNOTATION.replaceAll('~', '~0').replaceAll('/', '~1')}` });
  return ops;
}
