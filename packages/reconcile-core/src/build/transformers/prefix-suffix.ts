import type { Resource } from '../resource.js';

function skipped(r: Resource): boolean {
  const { group, kind } = r.gvk();
  return kind === 'CustomResourceDefinition' || kind === 'Namespace' || (kind === 'APIService' && group === 'apiregistration.k8s.io');
}

export function transformPrefixSuffix(resources: Resource[], prefix: string, suffix: string): void {
  if (prefix === '' && suffix === '') return;
  for (const r of resources) {
    if (skipped(r)) continue;
    r.storePreviousId();
    r.name = `${prefix}${r.name}${suffix}`;
    if (prefix !== '') r.prefixes.push(prefix);
    if (suffix !== '') r.suffixes.push(suffix);
  }
}
