import type { ObjectRef } from '../inventory/object-ref.js';
import type { ChangeSetEntry } from '../plan/change-set.js';

/** A `spec.healthChecks` entry; `apiVersion` defaults to `apps/v1` as in Flux. */
export interface HealthCheckRef {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Which objects a Kustomization's health check waits for, as kustomize-controller picks them: with `wait`,
 * every object of the apply's change set except the skipped ones (they are left alone on purpose and may be
 * unhealthy); otherwise the `healthChecks` list. The Kustomization itself is never waited on (it would
 * deadlock). An empty result means no Healthy condition.
 */
export function selectHealthChecks(input: {
  wait: boolean;
  healthChecks?: readonly HealthCheckRef[];
  changeSet: readonly ChangeSetEntry[];
  self: { name: string; namespace: string };
}): ObjectRef[] {
  const targets: ObjectRef[] = input.wait
    ? input.changeSet.filter((e) => e.action !== 'skipped').map((e) => e.ref)
    : (input.healthChecks ?? []).map((h) => {
        const apiVersion = h.apiVersion || 'apps/v1';
        const slash = apiVersion.indexOf('/');
        return {
          group: slash < 0 ? '' : apiVersion.slice(0, slash),
          version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
          kind: h.kind,
          namespace: h.namespace ?? '',
          name: h.name,
        };
      });
  return targets.filter(
    (t) =>
      !(t.kind === 'Kustomization' && t.name === input.self.name && t.namespace === input.self.namespace),
  );
}
