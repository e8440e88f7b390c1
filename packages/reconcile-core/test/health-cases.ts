import type { HealthStatus } from '../src/health/health-result.js';

// The kstatus rule table of flux.md §2, one row per rule; shared by the unit test and the oracle generator
// (testdata/oracle/generate-health.sh records what Flux's own Go code says for every row).
export const cond = (type: string, status: string, reason = '', message = '') => ({
  type,
  status,
  reason,
  message,
});
const obj = (
  apiVersion: string,
  kind: string,
  spec: object = {},
  status: object = {},
  metadata: object = {},
) => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'default', ...metadata },
  spec,
  status,
});

const deployReady = {
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
  conditions: [cond('Progressing', 'True', 'NewReplicaSetAvailable'), cond('Available', 'True')],
};
// The API server defaults progressDeadlineSeconds to 600.
export const deploy = (status: object, spec: object = { replicas: 2, progressDeadlineSeconds: 600 }) =>
  obj('apps/v1', 'Deployment', spec, status, { generation: 1 });
const sts = (spec: object, status: object) => obj('apps/v1', 'StatefulSet', spec, status);
const stsReady = {
  replicas: 3,
  readyReplicas: 3,
  currentReplicas: 3,
  updatedReplicas: 3,
  currentRevision: 'r1',
  updateRevision: 'r1',
};
const ds = (status: object, meta: object = { generation: 1 }) =>
  obj('apps/v1', 'DaemonSet', {}, status, meta);
const dsReady = {
  observedGeneration: 1,
  desiredNumberScheduled: 2,
  currentNumberScheduled: 2,
  updatedNumberScheduled: 2,
  numberAvailable: 2,
  numberReady: 2,
};
const rs = (status: object) => obj('apps/v1', 'ReplicaSet', { replicas: 2 }, status);
const rsReady = { replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2 };
export const pod = (status: object, meta: object = {}) => obj('v1', 'Pod', {}, status, meta);
export const job = (spec: object, status: object) => obj('batch/v1', 'Job', spec, status);
const crd = (conditions: object[]) =>
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {}, { conditions });
const cr = (status: object, meta: object = {}) => obj('example.com/v1', 'Widget', {}, status, meta);

// One row per rule of flux.md §2 "kstatus rules"; the name says the rule.
export const healthCases: [
  rule: string,
  object: Record<string, unknown> | undefined,
  status: HealthStatus,
  reason?: string,
][] = [
  // generic rules, in their order
  [
    'generic 1: a deletionTimestamp means Terminating',
    cr({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    'Terminating',
  ],
  [
    'generic 1: deletionTimestamp wins over Ready=True',
    cr({ conditions: [cond('Ready', 'True')] }, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    'Terminating',
  ],
  [
    'generic 2: observedGeneration ≠ generation is InProgress',
    cr({ observedGeneration: 1, conditions: [cond('Ready', 'True')] }, { generation: 2 }),
    'InProgress',
    'LatestGenerationNotObserved',
  ],
  [
    'generic 2: observedGeneration = generation passes on',
    cr({ observedGeneration: 2, conditions: [cond('Ready', 'True')] }, { generation: 2 }),
    'Current',
  ],
  [
    'generic 3: Reconciling=True is InProgress',
    cr({ conditions: [cond('Reconciling', 'True', 'Progressing'), cond('Ready', 'True')] }),
    'InProgress',
    'Progressing',
  ],
  [
    'generic 3: Stalled=True is Failed',
    cr({ conditions: [cond('Stalled', 'True', 'BuildFailed', 'kustomize build failed')] }),
    'Failed',
    'BuildFailed',
  ],
  ['generic 5: Ready=True is Current', cr({ conditions: [cond('Ready', 'True')] }), 'Current'],
  [
    'generic 5: Ready=False is InProgress, not Failed',
    cr({ conditions: [cond('Ready', 'False', 'ReconciliationFailed')] }),
    'InProgress',
    'ReconciliationFailed',
  ],
  [
    'generic 5: Ready=Unknown is InProgress',
    cr({ conditions: [cond('Ready', 'Unknown', 'Progressing')] }),
    'InProgress',
    'Progressing',
  ],
  ['generic 6: no known conditions means Current', cr({}), 'Current'],
  [
    'generic: a Namespace without conditions is Current',
    obj('v1', 'Namespace', {}, { phase: 'Active' }),
    'Current',
  ],
  [
    'generic: a terminating Namespace is Terminating',
    obj('v1', 'Namespace', {}, { phase: 'Terminating' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    'Terminating',
  ],
  ['NotFound: a missing object', undefined, 'NotFound'],
  [
    'generic 2: a Flux object never reconciled (observedGeneration -1) is InProgress',
    obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {}, { observedGeneration: -1 }, { generation: 1 }),
    'InProgress',
    'LatestGenerationNotObserved',
  ],
  [
    'generic 3: Stalled=True wins over Ready=True',
    cr({ conditions: [cond('Ready', 'True'), cond('Stalled', 'True', 'RetriesExceeded')] }),
    'Failed',
    'RetriesExceeded',
  ],
  [
    'generic 3: a HelmRelease Ready=False without Stalled keeps waiting',
    obj(
      'helm.toolkit.fluxcd.io/v2',
      'HelmRelease',
      {},
      { observedGeneration: 3, conditions: [cond('Ready', 'False', 'UpgradeFailed')] },
      { generation: 3 },
    ),
    'InProgress',
    'UpgradeFailed',
  ],
  [
    'generic 1: a terminating Deployment is Terminating before any replica rule',
    obj('apps/v1', 'Deployment', { replicas: 2 }, {}, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    'Terminating',
  ],
  [
    'generic 4 before 5: a Deployment with Ready=True but too few replicas is InProgress',
    deploy({ replicas: 1, conditions: [cond('Ready', 'True')] }),
    'InProgress',
    'LessReplicas',
  ],
  // Deployment
  ['Deployment: fully rolled out and Available is Current', deploy(deployReady), 'Current'],
  [
    'Deployment: spec.replicas > status.replicas is InProgress',
    deploy({ ...deployReady, replicas: 1 }),
    'InProgress',
    'LessReplicas',
  ],
  [
    'Deployment: updated < spec is InProgress',
    deploy({ ...deployReady, updatedReplicas: 1 }),
    'InProgress',
    'LessUpdated',
  ],
  [
    'Deployment: extra old pods is InProgress',
    deploy({ ...deployReady, replicas: 3 }),
    'InProgress',
    'ExtraPods',
  ],
  [
    'Deployment: available < updated is InProgress',
    deploy({ ...deployReady, availableReplicas: 1 }),
    'InProgress',
    'LessAvailable',
  ],
  [
    'Deployment: ready < spec is InProgress',
    deploy({ ...deployReady, readyReplicas: 1 }),
    'InProgress',
    'LessReady',
  ],
  [
    'Deployment: Progressing without NewReplicaSetAvailable is InProgress',
    deploy({
      ...deployReady,
      conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated'), cond('Available', 'True')],
    }),
    'InProgress',
    'ReplicaSetNotAvailable',
  ],
  [
    'Deployment: no progressDeadline counts as progressing',
    deploy({ ...deployReady, conditions: [cond('Available', 'True')] }, { replicas: 2 }),
    'Current',
  ],
  [
    'Deployment: Available not True is InProgress',
    deploy({ ...deployReady, conditions: [cond('Progressing', 'True', 'NewReplicaSetAvailable')] }),
    'InProgress',
    'DeploymentNotAvailable',
  ],
  [
    'Deployment: ProgressDeadlineExceeded is Failed',
    deploy({ ...deployReady, conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded')] }),
    'Failed',
    'ProgressDeadlineExceeded',
  ],
  [
    'Deployment: replicas default to 1',
    obj(
      'apps/v1',
      'Deployment',
      {},
      { ...deployReady, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    ),
    'Current',
  ],
  [
    'Deployment: generation not yet observed is InProgress',
    obj(
      'apps/v1',
      'Deployment',
      { replicas: 2 },
      { ...deployReady, observedGeneration: 1 },
      { generation: 2 },
    ),
    'InProgress',
    'LatestGenerationNotObserved',
  ],
  // StatefulSet
  ['StatefulSet: all replicas current on one revision is Current', sts({ replicas: 3 }, stsReady), 'Current'],
  [
    'StatefulSet: OnDelete strategy is Current at once',
    sts({ replicas: 3, updateStrategy: { type: 'OnDelete' } }, {}),
    'Current',
  ],
  [
    'StatefulSet: too few replicas is InProgress',
    sts({ replicas: 3 }, { ...stsReady, replicas: 2 }),
    'InProgress',
    'LessReplicas',
  ],
  [
    'StatefulSet: ready < spec is InProgress',
    sts({ replicas: 3 }, { ...stsReady, readyReplicas: 2 }),
    'InProgress',
    'LessReady',
  ],
  [
    'StatefulSet: extra pods is InProgress',
    sts({ replicas: 3 }, { ...stsReady, replicas: 4 }),
    'InProgress',
    'ExtraPods',
  ],
  [
    'StatefulSet: currentReplicas < spec is InProgress',
    sts({ replicas: 3 }, { ...stsReady, currentReplicas: 2 }),
    'InProgress',
    'LessCurrent',
  ],
  [
    'StatefulSet: currentRevision ≠ updateRevision is InProgress',
    sts({ replicas: 3 }, { ...stsReady, updateRevision: 'r2' }),
    'InProgress',
    'RevisionMismatch',
  ],
  [
    'StatefulSet: partition needs updated ≥ spec − partition',
    sts(
      { replicas: 3, updateStrategy: { rollingUpdate: { partition: 1 } } },
      { ...stsReady, updatedReplicas: 1 },
    ),
    'InProgress',
    'PartitionRollout',
  ],
  [
    'StatefulSet: partition rollout complete is Current',
    sts(
      { replicas: 3, updateStrategy: { rollingUpdate: { partition: 1 } } },
      { ...stsReady, updatedReplicas: 2, updateRevision: 'r2' },
    ),
    'Current',
  ],
  // DaemonSet
  ['DaemonSet: desired = current = updated = available = ready is Current', ds(dsReady), 'Current'],
  [
    'DaemonSet: observedGeneration must be set',
    ds({ ...dsReady, observedGeneration: undefined }),
    'InProgress',
    'NoObservedGeneration',
  ],
  ['DaemonSet: metadata.generation must be set', ds(dsReady, {}), 'InProgress', 'NoGeneration'],
  [
    'DaemonSet: missing desiredNumberScheduled is InProgress',
    ds({ ...dsReady, desiredNumberScheduled: undefined }),
    'InProgress',
    'NoDesiredNumber',
  ],
  [
    'DaemonSet: fewer scheduled is InProgress',
    ds({ ...dsReady, currentNumberScheduled: 1 }),
    'InProgress',
    'LessCurrent',
  ],
  [
    'DaemonSet: fewer updated is InProgress',
    ds({ ...dsReady, updatedNumberScheduled: 1 }),
    'InProgress',
    'LessUpdated',
  ],
  [
    'DaemonSet: fewer available is InProgress',
    ds({ ...dsReady, numberAvailable: 1 }),
    'InProgress',
    'LessAvailable',
  ],
  ['DaemonSet: fewer ready is InProgress', ds({ ...dsReady, numberReady: 1 }), 'InProgress', 'LessReady'],
  // ReplicaSet
  ['ReplicaSet: labelled, available and ready replicas is Current', rs(rsReady), 'Current'],
  [
    'ReplicaSet: ReplicaFailure=True is InProgress',
    rs({ ...rsReady, conditions: [cond('ReplicaFailure', 'True')] }),
    'InProgress',
    'ReplicaFailure',
  ],
  [
    'ReplicaSet: fewer labelled is InProgress',
    rs({ ...rsReady, fullyLabeledReplicas: 1 }),
    'InProgress',
    'LessLabelled',
  ],
  [
    'ReplicaSet: fewer available is InProgress',
    rs({ ...rsReady, availableReplicas: 1 }),
    'InProgress',
    'LessAvailable',
  ],
  ['ReplicaSet: fewer ready is InProgress', rs({ ...rsReady, readyReplicas: 1 }), 'InProgress', 'LessReady'],
  ['ReplicaSet: extra pods is InProgress', rs({ ...rsReady, replicas: 3 }), 'InProgress', 'ExtraPods'],
  // Pod
  [
    'Pod: Running and Ready is Current',
    pod({ phase: 'Running', conditions: [cond('Ready', 'True')] }),
    'Current',
  ],
  ['Pod: Succeeded is Current', pod({ phase: 'Succeeded' }), 'Current'],
  ['Pod: Failed phase is Current (it completed)', pod({ phase: 'Failed' }), 'Current'],
  [
    'Pod: Running, not Ready is InProgress',
    pod({ phase: 'Running', conditions: [cond('Ready', 'False')] }),
    'InProgress',
    'PodRunningNotReady',
  ],
  [
    'Pod: CrashLoopBackOff is Failed',
    pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    }),
    'Failed',
    'ContainerCrashLooping',
  ],
  ['Pod: Pending is InProgress', pod({ phase: 'Pending' }), 'InProgress', 'PodPending'],
  ['Pod: no phase yet is InProgress', pod({}), 'InProgress', 'PodNotObserved'],
  ['Pod: an unknown phase is Unknown', pod({ phase: 'Weird' }), 'Unknown'],
  // Job (Flux's reader)
  [
    'Job: Current only when Complete=True (Flux reader)',
    job({}, { startTime: 't', succeeded: 1, conditions: [cond('Complete', 'True')] }),
    'Current',
  ],
  [
    'Job: a running Job is InProgress, not Current (Flux differs from kstatus)',
    job({}, { startTime: 't', active: 1 }),
    'InProgress',
    'JobInProgress',
  ],
  ['Job: not started is InProgress', job({}, {}), 'InProgress', 'JobNotStarted'],
  [
    'Job: Failed=True is Failed',
    job({}, { startTime: 't', failed: 3, conditions: [cond('Failed', 'True', 'BackoffLimitExceeded')] }),
    'Failed',
    'JobFailed',
  ],
  ['Job: spec.suspend counts as Current', job({ suspend: true }, {}), 'Current'],
  [
    'Job: Flux reader skips the generic checks (a deleting, complete Job stays Current)',
    obj(
      'batch/v1',
      'Job',
      {},
      { startTime: 't', conditions: [cond('Complete', 'True')] },
      { deletionTimestamp: '2026-01-01T00:00:00Z' },
    ),
    'Current',
  ],
  [
    'Job: completions default to parallelism',
    job({ parallelism: 3 }, { startTime: 't', succeeded: 3, conditions: [cond('Complete', 'True')] }),
    'Current',
  ],
  // always Current
  ['CronJob is always Current', obj('batch/v1', 'CronJob', {}, {}), 'Current'],
  ['PodDisruptionBudget is always Current', obj('policy/v1', 'PodDisruptionBudget', {}, {}), 'Current'],
  ['Secret is always Current', obj('v1', 'Secret'), 'Current'],
  ['ConfigMap is always Current', obj('v1', 'ConfigMap'), 'Current'],
  // Service, PVC, CRD
  ['Service: ClusterIP Service is Current', obj('v1', 'Service', { clusterIP: '10.0.0.1' }), 'Current'],
  [
    'Service: LoadBalancer without clusterIP is InProgress',
    obj('v1', 'Service', { type: 'LoadBalancer' }),
    'InProgress',
    'NoIPAssigned',
  ],
  [
    'Service: LoadBalancer with a clusterIP is Current',
    obj('v1', 'Service', { type: 'LoadBalancer', clusterIP: '10.0.0.1' }),
    'Current',
  ],
  [
    'PersistentVolumeClaim: Bound is Current',
    obj('v1', 'PersistentVolumeClaim', {}, { phase: 'Bound' }),
    'Current',
  ],
  [
    'PersistentVolumeClaim: Pending is InProgress',
    obj('v1', 'PersistentVolumeClaim', {}, { phase: 'Pending' }),
    'InProgress',
    'NotBound',
  ],
  [
    'CustomResourceDefinition: Established=True is Current',
    crd([cond('NamesAccepted', 'True'), cond('Established', 'True')]),
    'Current',
  ],
  [
    'CustomResourceDefinition: NamesAccepted=False is Failed',
    crd([cond('NamesAccepted', 'False', 'MultipleNamesNotAllowed')]),
    'Failed',
    'MultipleNamesNotAllowed',
  ],
  [
    'CustomResourceDefinition: Established=False, reason Installing is InProgress',
    crd([cond('Established', 'False', 'Installing')]),
    'InProgress',
    'Installing',
  ],
  [
    'CustomResourceDefinition: Established=False, another reason is Failed',
    crd([cond('Established', 'False', 'NotAccepted')]),
    'Failed',
    'NotAccepted',
  ],
  ['CustomResourceDefinition: no conditions yet is InProgress', crd([]), 'InProgress', 'Installing'],
];
