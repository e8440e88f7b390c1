import type { JsonValue } from '../../yaml/parse.js';
import { applyFieldSpecs, gvkSelected, type FieldSpec } from '../field-spec.js';
import type { Resource } from '../resource.js';

// kustomize never renames these (judged by the original id).
function skipped(r: Resource): boolean {
  const { group, kind } = r.orgId();
  return kind === 'CustomResourceDefinition' || kind === 'Namespace' || (kind === 'APIService' && group === 'apiregistration.k8s.io');
}

function apply(resources: Resource[], value: string, specs: FieldSpec[], which: 'prefix' | 'suffix'): void {
  if (value === '') return;
  for (const r of resources) {
    if (skipped(r)) continue;
    const org = r.orgId();
    for (const fs of specs) {
      if (!gvkSelected(org, fs)) continue;
      if (fs.path === 'metadata/name') {
        if (which === 'prefix') r.prefixes.push(value);
        else r.suffixes.push(value);
        r.storePreviousId();
      }
      // Other fields (e.g. x-kubernetes-identity from crds) get the same prefix or suffix.
      applyFieldSpecs(r.obj, r.gvk(), [fs], (v): JsonValue | undefined =>
        typeof v === 'string' ? (which === 'prefix' ? `${value}${v}` : `${v}${value}`) : undefined,
      );
    }
  }
}

/** namePrefix then nameSuffix, each recording the previous id, as two separate kustomize transformers do. */
export function transformPrefixSuffix(resources: Resource[], prefix: string, suffix: string, prefixSpecs: FieldSpec[], suffixSpecs: FieldSpec[]): void {
  apply(resources, prefix, prefixSpecs, 'prefix');
  apply(resources, suffix, suffixSpecs, 'suffix');
}
