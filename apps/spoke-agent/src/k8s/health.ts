import { isRecord, metadataOf, type KubeObject } from './object-ref.js';

// kstatus as flux.md §2 "Health" states it, for the objects the engine waits on. A local reader until
// reconcile-core's health module (branch core-logic) lands; the engine only needs `statusOf`.
export type HealthStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating' | 'NotFound';

export interface Health {
  status: HealthStatus;
  message: string;
}

type Condition = { type: string; status: string; reason?: string; message?: string };

function conditions(obj: KubeObject): Condition[] {
  const status = isRecord(obj.status) ? obj.status : {};
  const list = Array.isArray(status.conditions) ? status.conditions : [];
  return list.filter(isRecord).flatMap((c) =>
    typeof c.type === 'string' && typeof c.status === 'string'
      ? [{ type: c.type, status: c.status, reason: typeof c.reason === 'string' ? c.reason : undefined, message: typeof c.message === 'string' ? c.message : undefined }]
      : [],
  );
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export function healthOf(obj: KubeObject | undefined): Health {
  if (!obj) return { status: 'NotFound', message: 'not found' };
  const meta = metadataOf(obj);
  if (meta.deletionTimestamp) return { status: 'Terminating', message: 'being deleted' };
  const status = isRecord(obj.status) ? obj.status : {};
  const spec = isRecord(obj.spec) ? obj.spec : {};
  if (typeof status.observedGeneration === 'number' && typeof meta.generation === 'number' && status.observedGeneration !== meta.generation) {
    return { status: 'InProgress', message: `observed generation ${status.observedGeneration} of ${meta.generation}` };
  }
  const conds = conditions(obj);
  const cond = (t: string) => conds.find((c) => c.type === t);
  if (cond('Reconciling')?.status === 'True') return { status: 'InProgress', message: cond('Reconciling')?.message ?? 'reconciling' };
  if (cond('Stalled')?.status === 'True') return { status: 'Failed', message: cond('Stalled')?.message ?? 'stalled' };
  switch (obj.kind) {
    case 'Deployment': {
      const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
      const progressing = cond('Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') return { status: 'Failed', message: progressing.message ?? 'progress deadline exceeded' };
      const ready = num(status.readyReplicas);
      if (num(status.updatedReplicas) < want) return { status: 'InProgress', message: `${num(status.updatedReplicas)} of ${want} replicas updated` };
      if (num(status.replicas) > num(status.updatedReplicas)) return { status: 'InProgress', message: 'old replicas pending termination' };
      if (num(status.availableReplicas) < num(status.updatedReplicas)) return { status: 'InProgress', message: `${num(status.availableReplicas)} of ${want} replicas available` };
      if (ready < want) return { status: 'InProgress', message: `${ready} of ${want} replicas ready` };
      if (spec.progressDeadlineSeconds !== undefined && progressing && progressing.reason !== 'NewReplicaSetAvailable') return { status: 'InProgress', message: 'rollout in progress' };
      if (cond('Available')?.status !== 'True') return { status: 'InProgress', message: 'not available' };
      return { status: 'Current', message: `${ready} replicas ready` };
    }
    case 'CustomResourceDefinition': {
      if (cond('NamesAccepted')?.status === 'False') return { status: 'Failed', message: cond('NamesAccepted')?.message ?? 'names not accepted' };
      const est = cond('Established');
      if (est?.status === 'True') return { status: 'Current', message: 'established' };
      if (est?.status === 'False' && est.reason !== 'Installing') return { status: 'Failed', message: est.message ?? 'not established' };
      return { status: 'InProgress', message: 'not yet established' };
    }
    case 'Namespace':
      return status.phase === 'Terminating' ? { status: 'Terminating', message: 'terminating' } : { status: 'Current', message: 'active' };
    case 'Job': {
      if (spec.suspend === true) return { status: 'Current', message: 'suspended' };
      if (cond('Failed')?.status === 'True') return { status: 'Failed', message: cond('Failed')?.message ?? 'job failed' };
      if (cond('Complete')?.status === 'True') return { status: 'Current', message: 'complete' };
      return { status: 'InProgress', message: 'job not complete' };
    }
    case 'Pod': {
      if (status.phase === 'Succeeded' || status.phase === 'Failed') return { status: 'Current', message: `pod ${String(status.phase)}` };
      if (status.phase === 'Running' && cond('Ready')?.status === 'True') return { status: 'Current', message: 'pod ready' };
      return { status: 'InProgress', message: 'pod not ready' };
    }
    case 'PersistentVolumeClaim':
      return status.phase === 'Bound' ? { status: 'Current', message: 'bound' } : { status: 'InProgress', message: 'not bound' };
    case 'StatefulSet': {
      const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
      if (num(status.readyReplicas) < want || num(status.currentReplicas) < want || status.currentRevision !== status.updateRevision) {
        return { status: 'InProgress', message: `${num(status.readyReplicas)} of ${want} replicas ready` };
      }
      return { status: 'Current', message: 'all replicas ready' };
    }
    case 'DaemonSet': {
      if (typeof status.observedGeneration !== 'number') return { status: 'InProgress', message: 'not observed yet' };
      const d = num(status.desiredNumberScheduled);
      const ok = num(status.currentNumberScheduled) >= d && num(status.updatedNumberScheduled) >= d && num(status.numberAvailable) >= d && num(status.numberReady) >= d;
      return ok ? { status: 'Current', message: 'all pods ready' } : { status: 'InProgress', message: `${num(status.numberReady)} of ${d} pods ready` };
    }
  }
  const ready = cond('Ready');
  if (ready?.status === 'True') return { status: 'Current', message: ready.message ?? 'ready' };
  if (ready) return { status: 'InProgress', message: ready.message ?? 'not ready' };
  return { status: 'Current', message: 'resource is current' };
}
