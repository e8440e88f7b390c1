import type { KubeObject } from '../object/kube-object.js';
import {
  conditionsOf,
  current,
  failed,
  hasField,
  inProgress,
  intField,
  stringField,
  type HealthResult,
} from './health-result.js';

// Kind rules of kstatus (fluxcd/cli-utils pkg/kstatus/status/core.go) for the workload controllers. Each
// returns the first reason the object is not yet Current, in the library's order, so messages match.

export function deploymentHealth(obj: KubeObject): HealthResult {
  let progressing = intField(obj, 'spec.progressDeadlineSeconds', 2147483647) === 2147483647;
  let available = false;
  for (const c of conditionsOf(obj)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded')
        return failed('ProgressDeadlineExceeded', 'Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    } else if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const spec = intField(obj, 'spec.replicas', 1);
  const replicas = intField(obj, 'status.replicas', 0);
  const updated = intField(obj, 'status.updatedReplicas', 0);
  const ready = intField(obj, 'status.readyReplicas', 0);
  const avail = intField(obj, 'status.availableReplicas', 0);
  if (spec > replicas) return inProgress('LessReplicas', `Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress('LessUpdated', `Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  if (updated > avail) return inProgress('LessAvailable', `Available: ${avail}/${updated}`);
  if (spec > ready) return inProgress('LessReady', `Ready: ${ready}/${spec}`);
  if (!progressing) return inProgress('ReplicaSetNotAvailable', 'ReplicaSet not Available');
  if (!available) return inProgress('DeploymentNotAvailable', 'Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
}

export function statefulSetHealth(obj: KubeObject): HealthResult {
  if (stringField(obj, 'spec.updateStrategy.type', '') === 'OnDelete')
    return current('StatefulSet is using the ondelete update strategy');
  const spec = intField(obj, 'spec.replicas', 1);
  const ready = intField(obj, 'status.readyReplicas', 0);
  const currentReplicas = intField(obj, 'status.currentReplicas', 0);
  const updated = intField(obj, 'status.updatedReplicas', 0);
  const replicas = intField(obj, 'status.replicas', 0);
  const partition = intField(obj, 'spec.updateStrategy.rollingUpdate.partition', -1);
  if (spec > replicas) return inProgress('LessReplicas', `Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress('LessReady', `Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  if (partition !== -1) {
    if (updated < spec - partition)
      return inProgress('PartitionRollout', `updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return inProgress('LessCurrent', `current: ${currentReplicas}/${spec}`);
  if (stringField(obj, 'status.currentRevision', '') !== stringField(obj, 'status.updateRevision', '')) {
    return inProgress('RevisionMismatch', 'Waiting for updated revision to match current');
  }
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

export function daemonSetHealth(obj: KubeObject): HealthResult {
  const kind = stringField(obj, 'kind', 'DaemonSet');
  if (!hasField(obj, 'metadata.generation'))
    return inProgress('NoGeneration', `${kind} metadata.generation not found`);
  if (!hasField(obj, 'status.observedGeneration'))
    return inProgress('NoObservedGeneration', `${kind} status.observedGeneration not found`);
  const desired = intField(obj, 'status.desiredNumberScheduled', -1);
  const scheduled = intField(obj, 'status.currentNumberScheduled', 0);
  const updated = intField(obj, 'status.updatedNumberScheduled', 0);
  const available = intField(obj, 'status.numberAvailable', 0);
  const ready = intField(obj, 'status.numberReady', 0);
  if (desired === -1) return inProgress('NoDesiredNumber', 'Missing .status.desiredNumberScheduled');
  if (desired > scheduled) return inProgress('LessCurrent', `Current: ${scheduled}/${desired}`);
  if (desired > updated) return inProgress('LessUpdated', `Updated: ${updated}/${desired}`);
  if (desired > available) return inProgress('LessAvailable', `Available: ${available}/${desired}`);
  if (desired > ready) return inProgress('LessReady', `Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

export function replicaSetHealth(obj: KubeObject): HealthResult {
  if (conditionsOf(obj).some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) {
    return inProgress('ReplicaFailure', 'Replica Failure condition. Check Pods');
  }
  const spec = intField(obj, 'spec.replicas', 1);
  const replicas = intField(obj, 'status.replicas', 0);
  const ready = intField(obj, 'status.readyReplicas', 0);
  const available = intField(obj, 'status.availableReplicas', 0);
  const labelled = intField(obj, 'status.fullyLabeledReplicas', 0);
  if (spec > labelled) return inProgress('LessLabelled', `Labelled: ${labelled}/${spec}`);
  if (spec > available) return inProgress('LessAvailable', `Available: ${available}/${spec}`);
  if (spec > ready) return inProgress('LessReady', `Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}
