import type { Resource } from '../resource.js';

// kustomize never renames these (judged by the original id).
function skipped(r: Resource): boolean {
  const { group, kind } = r.orgId();
  return kind === 'CustomResourceDefinition' || kind === 'Namespace' || (kind === 'APIService' && group === 'apiregistration.k8s.io');
}

/** namePrefix then nameSuffix, each recording the previous id, as two separate kustomize transformers do. */
export function transformPrefixSuffix(resources: Resource[], prefix: string, suffix: string): void {
  if (prefix !== '') {
    for (const r of resources) {
      if (skipped(r)) continue;
      r.prefixes.push(prefix);
      r.storePreviousId();
      r.name = `${prefix}${r.name}`;
    }
  }
  if (suffix !== '') {
    for (const r of resources) {
      if (skipped(r)) continue;
      r.suffixes.push(suffix);
      r.storePreviousId();
      r.name = `${r.name}${suffix}`;
    }
  }
}
