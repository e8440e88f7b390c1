import { apiVersionOf, groupOf, isRecord, kindOf, type KubeObject } from '../object/kube-object.js';
import {
  conditionsOf,
  current,
  failed,
  inProgress,
  intField,
  stringField,
  type HealthResult,
} from './health-result.js';
import {
  alwaysCurrent,
  crdHealth,
  jobHealth,
  pdbHealth,
  podHealth,
  pvcHealth,
  serviceHealth,
} from './other-rules.js';
import { daemonSetHealth, deploymentHealth, replicaSetHealth, statefulSetHealth } from './workload-rules.js';

export interface HealthOptions {
  /** The time, for rules that depend on it (an unschedulable Pod fails after 15s). Without it they keep waiting. */
  now?: Date;
}

type KindRule = (obj: KubeObject, options: HealthOptions) => HealthResult | { unknown: string };

// kstatus's table, keyed `group/Kind` (`Kind` for the core group).
const KIND_RULES: Record<string, KindRule> = {
  Service: serviceHealth,
  Pod: (obj, o) => podHealth(obj, o.now),
  Secret: alwaysCurrent,
  ConfigMap: alwaysCurrent,
  PersistentVolumeClaim: pvcHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'extensions/DaemonSet': daemonSetHealth,
  'apps/Deployment': deploymentHealth,
  'extensions/Deployment': deploymentHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'extensions/ReplicaSet': replicaSetHealth,
  'policy/PodDisruptionBudget': pdbHealth,
  'batch/CronJob': alwaysCurrent,
  'apiextensions.k8s.io/CustomResourceDefinition': crdHealth,
};

/**
 * The kstatus health of one object as Flux's health checks see it (flux.md §2 health), `undefined` being an
 * object that does not exist. Order: deletionTimestamp → Terminating; observedGeneration ≠ generation →
 * InProgress; Reconciling=True → InProgress; Stalled=True → Failed; the kind's own rule; Ready=True →
 * Current, Ready False/Unknown → InProgress (not Failed); otherwise Current. Jobs use Flux's own reader.
 */
export function computeHealth(obj: KubeObject | undefined, options: HealthOptions = {}): HealthResult {
  if (obj === undefined) return { status: 'NotFound', message: 'Resource not found' };
  const kind = kindOf(obj) ?? '';
  const group = groupOf(apiVersionOf(obj) ?? '');
  // Flux registers its Job reader in place of kstatus's generic path, so the generic checks do not run.
  if (group === 'batch' && kind === 'Job') return jobHealth(obj);

  const generic = genericHealth(obj, kind);
  if (generic) return generic;
  const rule = KIND_RULES[group ? `${group}/${kind}` : kind];
  if (rule) {
    const res = rule(obj, options);
    return 'unknown' in res ? { status: 'Unknown', message: res.unknown } : res;
  }
  const ready = conditionsOf(obj).find(
    (c) => c.type === 'Ready' && ['True', 'False', 'Unknown'].includes(c.status),
  );
  if (ready?.status === 'True') return current('Resource is Ready');
  if (ready) return inProgress(ready.reason, ready.message);
  return current('Resource is current');
}

function genericHealth(obj: KubeObject, kind: string): HealthResult | undefined {
  if (stringField(obj, 'metadata.deletionTimestamp', '') !== '') {
    return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  }
  const status = isRecord(obj.status) ? obj.status : {};
  const generation = intField(obj, 'metadata.generation', NaN);
  if (
    !Number.isNaN(generation) &&
    typeof status.observedGeneration === 'number' &&
    status.observedGeneration !== generation
  ) {
    return inProgress(
      'LatestGenerationNotObserved',
      `${kind} generation is ${generation}, but latest observed generation is ${status.observedGeneration}`,
    );
  }
  for (const c of conditionsOf(obj)) {
    if (c.type === 'Reconciling' && c.status === 'True') return inProgress(c.reason, c.message);
    if (c.type === 'Stalled' && c.status === 'True') return failed(c.reason, c.message);
  }
  return undefined;
}

/**
 * Health of an object the health check expected but did not find: a Job with `ttlSecondsAfterFinished` that
 * vanished was deleted by the TTL controller after it finished, which Flux counts as success (flux.md §2).
 */
export function computeMissingHealth(expected: KubeObject): HealthResult {
  const isTtlJob =
    groupOf(apiVersionOf(expected) ?? '') === 'batch' &&
    kindOf(expected) === 'Job' &&
    intField(expected, 'spec.ttlSecondsAfterFinished', -1) >= 0;
  return isTtlJob
    ? current('Job finished and was removed by its TTL')
    : { status: 'NotFound', message: 'Resource not found' };
}
