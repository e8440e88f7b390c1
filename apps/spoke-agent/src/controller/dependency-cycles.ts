import { sortDependencies } from '@flotilla/reconcile-core';
import { kustomizationKey } from '../assignment/assignment.js';

const PREFIX = 'circular dependency detected: ';

/**
 * Flux does not detect dependsOn cycles (its members just never apply); we name them. Returns, per member
 * (`ns/name`), the cycle message of reconcile-core's sortDependencies (`A -> B -> A`).
 */
export function dependencyCycles(kustomizations: readonly { namespace: string; name: string; dependsOn: readonly { name: string; namespace?: string }[] }[]): Map<string, string> {
  const res = sortDependencies(
    kustomizations.map((k) => ({
      kind: 'Kustomization',
      namespace: k.namespace,
      name: k.name,
      dependsOn: k.dependsOn.map(({ name, namespace }) => ({ name, ...(namespace ? { namespace } : {}) })),
    })),
  );
  const out = new Map<string, string>();
  if (res.ok) return out;
  for (const err of res.errors) {
    if (err.code !== 'DEPENDENCY_CYCLE' || !err.message.startsWith(PREFIX)) continue;
    for (const member of err.message.slice(PREFIX.length).split(' -> ')) {
      const [, namespace, name] = member.split('/');
      if (namespace && name) out.set(kustomizationKey({ namespace, name }), err.message);
    }
  }
  return out;
}
