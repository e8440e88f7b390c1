import { isRecord, type KubeObject } from '../object/kube-object.js';
import {
  boolField,
  conditionsOf,
  current,
  failed,
  inProgress,
  intField,
  stringField,
  type HealthResult,
} from './health-result.js';

// Kind rules for Pods, Jobs, PVCs, Services and CRDs (fluxcd/cli-utils kstatus, plus Flux's own Job reader).

/** kstatus waits this long before calling an unschedulable Pod Failed. */
export const POD_SCHEDULE_WINDOW_MS = 15_000;

export function podHealth(obj: KubeObject, now: Date | undefined): HealthResult | { unknown: string } {
  const phase = stringField(obj, 'status.phase', '');
  const conditions = conditionsOf(obj);
  switch (phase) {
    case 'Succeeded':
      return current('Pod has completed successfully');
    case 'Failed':
      return current('Pod has completed, but not successfully');
    case 'Running': {
      if (conditions.some((c) => c.type === 'Ready' && c.status === 'True')) return current('Pod is Ready');
      const looping = crashLoopingContainers(obj);
      if (looping.length > 0)
        return failed('ContainerCrashLooping', `Containers in CrashLoop state: ${looping.join(',')}`);
      return inProgress('PodRunningNotReady', 'Pod is running but is not Ready');
    }
    case 'Pending': {
      const unschedulable = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
      if (unschedulable?.reason === 'Unschedulable') {
        const created = Date.parse(stringField(obj, 'metadata.creationTimestamp', ''));
        // Without a clock (or a creation time) we cannot tell the window has passed, so keep waiting.
        if (now === undefined || Number.isNaN(created) || now.getTime() - POD_SCHEDULE_WINDOW_MS < created) {
          return inProgress('PodNotScheduled', 'Pod has not been scheduled');
        }
        return failed('PodUnschedulable', 'Pod could not be scheduled');
      }
      return inProgress('PodPending', 'Pod is in the Pending phase');
    }
    case '':
      return inProgress('PodNotObserved', 'Pod phase not available');
    default:
      return { unknown: `unknown phase ${phase}` };
  }
}

function crashLoopingContainers(obj: KubeObject): string[] {
  const status = isRecord(obj.status) ? obj.status : {};
  const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
  return statuses
    .filter(isRecord)
    .filter((cs) => {
      const waiting = isRecord(cs.state) && isRecord(cs.state.waiting) ? cs.state.waiting : undefined;
      return typeof cs.name === 'string' && waiting?.reason === 'CrashLoopBackOff';
    })
    .map((cs) => cs.name as string);
}

/**
 * Flux's own Job reader (fluxcd/pkg runtime/statusreaders): Current only when `Complete`=True (or the Job is
 * suspended), Failed when `Failed`=True, otherwise InProgress. Upstream kstatus calls a started Job Current.
 */
export function jobHealth(obj: KubeObject): HealthResult {
  if (boolField(obj, 'spec.suspend') === true) return current('Job is suspended');
  const parallelism = intField(obj, 'spec.parallelism', 1);
  const completions = intField(obj, 'spec.completions', parallelism);
  const active = intField(obj, 'status.active', 0);
  const succeeded = intField(obj, 'status.succeeded', 0);
  const failures = intField(obj, 'status.failed', 0);
  for (const c of conditionsOf(obj)) {
    if (c.type === 'Complete' && c.status === 'True')
      return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    if (c.type === 'Failed' && c.status === 'True')
      return failed('JobFailed', `Job Failed. failed: ${failures}/${completions}`);
  }
  if (stringField(obj, 'status.startTime', '') === '')
    return inProgress('JobNotStarted', `Job not started. active: 0/${parallelism}`);
  return inProgress(
    'JobInProgress',
    `Job in progress. success:${succeeded}, active: ${active}, failed: ${failures}`,
  );
}

export function pvcHealth(obj: KubeObject): HealthResult {
  const phase = stringField(obj, 'status.phase', 'unknown');
  return phase === 'Bound'
    ? current('PVC is Bound')
    : inProgress('NotBound', `PVC is not Bound. phase: ${phase}`);
}

export function serviceHealth(obj: KubeObject): HealthResult {
  if (
    stringField(obj, 'spec.type', 'ClusterIP') === 'LoadBalancer' &&
    stringField(obj, 'spec.clusterIP', '') === ''
  ) {
    return inProgress('NoIPAssigned', 'ClusterIP not set. Service type: LoadBalancer');
  }
  return current('Service is ready');
}

export function crdHealth(obj: KubeObject): HealthResult {
  for (const c of conditionsOf(obj)) {
    if (c.type === 'NamesAccepted' && c.status === 'False') return failed(c.reason, c.message);
    if (c.type === 'Established') {
      if (c.status === 'False' && c.reason !== 'Installing') return failed(c.reason, c.message);
      if (c.status === 'True') return current('CRD is established');
    }
  }
  return inProgress('Installing', 'Install in progress');
}

export const alwaysCurrent = (): HealthResult => current('Resource is always ready');
export const pdbHealth = (): HealthResult => current('AllowedDisruptions has been computed.');
