import type { FieldSpec } from './field-spec.js';

// kustomize's default transformer configuration (the "builtinconfig" field specs), written as data.

export interface NameRefEntry {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameRefEntry[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

const fs = (path: string, kind?: string, group?: string, create?: boolean, version?: string): FieldSpec => {
  const f: FieldSpec = { path };
  if (kind) f.kind = kind;
  if (group) f.group = group;
  if (version) f.version = version;
  if (create) f.create = true;
  return f;
};

// Kinds with a pod template at spec/template (CronJob is handled separately).
const TEMPLATED: [string, string | undefined][] = [
  ['Deployment', undefined], ['ReplicaSet', undefined], ['DaemonSet', undefined],
  ['StatefulSet', 'apps'], ['Job', 'batch'], ['ReplicationController', undefined],
];

function podPaths(suffix: string): FieldSpec[] {
  const out: FieldSpec[] = [fs(`spec/${suffix}`, 'Pod', undefined, false, 'v1'), fs(`template/spec/${suffix}`, 'PodTemplate')];
  for (const [kind, group] of TEMPLATED) out.push(fs(`spec/template/spec/${suffix}`, kind, group));
  out.push(fs(`spec/jobTemplate/spec/template/spec/${suffix}`, 'CronJob', 'batch'));
  return out;
}

const affinityPaths = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

const commonLabels: FieldSpec[] = [
  fs('metadata/labels', undefined, undefined, true),
  fs('spec/selector', 'Service', undefined, true, 'v1'),
  fs('spec/selector', 'ReplicationController', undefined, true, 'v1'),
  fs('spec/template/metadata/labels', 'ReplicationController', undefined, true, 'v1'),
  fs('spec/selector/matchLabels', 'Deployment', undefined, true),
  fs('spec/template/metadata/labels', 'Deployment', undefined, true),
  ...affinityPaths.map((p) => fs(p, 'Deployment', 'apps')),
  fs('spec/selector/matchLabels', 'ReplicaSet', undefined, true),
  fs('spec/template/metadata/labels', 'ReplicaSet', undefined, true),
  fs('spec/selector/matchLabels', 'DaemonSet', undefined, true),
  fs('spec/template/metadata/labels', 'DaemonSet', undefined, true),
  fs('spec/selector/matchLabels', 'StatefulSet', 'apps', true),
  fs('spec/template/metadata/labels', 'StatefulSet', 'apps', true),
  ...affinityPaths.map((p) => fs(p, 'StatefulSet', 'apps')),
  fs('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', 'apps', true),
  fs('spec/selector/matchLabels', 'Job', 'batch'),
  fs('spec/template/metadata/labels', 'Job', 'batch', true),
  fs('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', 'batch'),
  fs('spec/jobTemplate/metadata/labels', 'CronJob', 'batch', true),
  fs('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch', true),
  fs('spec/selector/matchLabels', 'PodDisruptionBudget', 'policy'),
  fs('spec/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  fs('spec/ingress/from/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  fs('spec/egress/to/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
];

const templateLabels: FieldSpec[] = [
  fs('metadata/labels', undefined, undefined, true),
  fs('spec/template/metadata/labels', 'ReplicationController', undefined, true, 'v1'),
  fs('spec/template/metadata/labels', 'Deployment', undefined, true),
  fs('spec/template/metadata/labels', 'ReplicaSet', undefined, true),
  fs('spec/template/metadata/labels', 'DaemonSet', undefined, true),
  fs('spec/template/metadata/labels', 'StatefulSet', 'apps', true),
  fs('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', 'apps', true),
  fs('spec/template/metadata/labels', 'Job', 'batch', true),
  fs('spec/jobTemplate/metadata/labels', 'CronJob', 'batch', true),
  fs('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch', true),
];

const commonAnnotations: FieldSpec[] = [
  fs('metadata/annotations', undefined, undefined, true),
  fs('spec/template/metadata/annotations', 'ReplicationController', undefined, true, 'v1'),
  fs('spec/template/metadata/annotations', 'Deployment', undefined, true),
  fs('spec/template/metadata/annotations', 'ReplicaSet', undefined, true),
  fs('spec/template/metadata/annotations', 'DaemonSet', undefined, true),
  fs('spec/template/metadata/annotations', 'StatefulSet', 'apps', true),
  fs('spec/template/metadata/annotations', 'Job', 'batch', true),
  fs('spec/jobTemplate/metadata/annotations', 'CronJob', 'batch', true),
  fs('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob', 'batch', true),
];

const workloadKinds: [string, string | undefined][] = [
  ['Deployment', undefined], ['ReplicationController', undefined], ['ReplicaSet', undefined], ['StatefulSet', undefined],
];

const nameReference: NameRefEntry[] = [
  ...workloadKinds.map(([kind]) => ({ kind, fieldSpecs: [fs('spec/scaleTargetRef/name', 'HorizontalPodAutoscaler')] })),
  {
    kind: 'ConfigMap',
    version: 'v1',
    fieldSpecs: [
      ...podPaths('volumes/configMap/name'),
      ...podPaths('containers/env/valueFrom/configMapKeyRef/name'),
      ...podPaths('initContainers/env/valueFrom/configMapKeyRef/name'),
      ...podPaths('ephemeralContainers/env/valueFrom/configMapKeyRef/name'),
      ...podPaths('containers/envFrom/configMapRef/name'),
      ...podPaths('initContainers/envFrom/configMapRef/name'),
      ...podPaths('ephemeralContainers/envFrom/configMapRef/name'),
      ...podPaths('volumes/projected/sources/configMap/name'),
      fs('spec/configSource/configMap', 'Node'),
      fs('rules/resourceNames', 'Role'),
      fs('rules/resourceNames', 'ClusterRole'),
      fs('metadata/annotations/nginx.ingress.kubernetes.io\\/configuration-snippet', 'Ingress'),
    ],
  },
  {
    kind: 'Secret',
    version: 'v1',
    fieldSpecs: [
      ...podPaths('volumes/secret/secretName'),
      ...podPaths('containers/env/valueFrom/secretKeyRef/name'),
      ...podPaths('initContainers/env/valueFrom/secretKeyRef/name'),
      ...podPaths('ephemeralContainers/env/valueFrom/secretKeyRef/name'),
      ...podPaths('containers/envFrom/secretRef/name'),
      ...podPaths('initContainers/envFrom/secretRef/name'),
      ...podPaths('ephemeralContainers/envFrom/secretRef/name'),
      ...podPaths('imagePullSecrets/name'),
      ...podPaths('volumes/projected/sources/secret/name'),
      fs('spec/tls/secretName', 'Ingress'),
      fs('metadata/annotations/ingress.kubernetes.io\\/auth-secret', 'Ingress'),
      fs('metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret', 'Ingress'),
      fs('metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret', 'Ingress'),
      fs('spec/tls/secretName', 'Ingress'),
      fs('imagePullSecrets/name', 'ServiceAccount'),
      fs('parameters/secretName', 'StorageClass'),
      fs('parameters/adminSecretName', 'StorageClass'),
      fs('parameters/userSecretName', 'StorageClass'),
      fs('parameters/secretRef', 'StorageClass'),
      fs('rules/resourceNames', 'Role'),
      fs('rules/resourceNames', 'ClusterRole'),
      fs('spec/template/spec/containers/env/valueFrom/secretKeyRef/name', 'Service', 'serving.knative.dev', false, 'v1'),
      fs('spec/azureFile/secretName', 'PersistentVolume'),
      fs('spec/cephfs/secretRef/name', 'PersistentVolume'),
      fs('spec/cinder/secretRef/name', 'PersistentVolume'),
      fs('spec/flexVolume/secretRef/name', 'PersistentVolume'),
      fs('spec/rbd/secretRef/name', 'PersistentVolume'),
      fs('spec/scaleIO/secretRef/name', 'PersistentVolume'),
      fs('spec/iscsi/secretRef/name', 'PersistentVolume'),
      fs('spec/storageos/secretRef/name', 'PersistentVolume'),
      fs('spec/csi/controllerExpandSecretRef/name', 'PersistentVolume'),
      fs('spec/csi/controllerPublishSecretRef/name', 'PersistentVolume'),
      fs('spec/csi/nodePublishSecretRef/name', 'PersistentVolume'),
      fs('spec/csi/nodeStageSecretRef/name', 'PersistentVolume'),
    ],
  },
  {
    kind: 'Service',
    version: 'v1',
    fieldSpecs: [
      fs('spec/serviceName', 'StatefulSet', 'apps'),
      fs('spec/rules/http/paths/backend/serviceName', 'Ingress'),
      fs('spec/backend/serviceName', 'Ingress'),
      fs('spec/rules/http/paths/backend/service/name', 'Ingress'),
      fs('spec/defaultBackend/service/name', 'Ingress'),
      fs('spec/service/name', 'APIService', 'apiregistration.k8s.io'),
      fs('webhooks/clientConfig/service', 'ValidatingWebhookConfiguration'),
      fs('webhooks/clientConfig/service', 'MutatingWebhookConfiguration'),
    ],
  },
  {
    kind: 'Role',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [fs('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io')],
  },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [
      fs('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io'),
      fs('roleRef/name', 'ClusterRoleBinding', 'rbac.authorization.k8s.io'),
    ],
  },
  {
    kind: 'ServiceAccount',
    version: 'v1',
    fieldSpecs: [
      fs('subjects', 'RoleBinding', 'rbac.authorization.k8s.io'),
      fs('subjects', 'ClusterRoleBinding', 'rbac.authorization.k8s.io'),
      ...podPaths('serviceAccountName'),
      ...podPaths('serviceAccount'),
    ],
  },
  {
    kind: 'PersistentVolumeClaim',
    version: 'v1',
    fieldSpecs: [...podPaths('volumes/persistentVolumeClaim/claimName')],
  },
  {
    kind: 'PersistentVolume',
    version: 'v1',
    fieldSpecs: [fs('spec/volumeName', 'PersistentVolumeClaim'), fs('rules/resourceNames', 'ClusterRole')],
  },
  {
    kind: 'StorageClass',
    group: 'storage.k8s.io',
    fieldSpecs: [
      fs('spec/storageClassName', 'PersistentVolume'),
      fs('spec/storageClassName', 'PersistentVolumeClaim'),
      fs('spec/volumeClaimTemplates/spec/storageClassName', 'StatefulSet'),
    ],
  },
  {
    kind: 'PriorityClass',
    group: 'scheduling.k8s.io',
    fieldSpecs: [...podPaths('priorityClassName')],
  },
  {
    kind: 'IngressClass',
    group: 'networking.k8s.io',
    fieldSpecs: [fs('spec/ingressClassName', 'Ingress')],
  },
  {
    kind: 'LimitRange',
    fieldSpecs: [fs('rules/resourceNames', 'Role'), fs('rules/resourceNames', 'ClusterRole')],
  },
  {
    kind: 'ResourceQuota',
    fieldSpecs: [fs('rules/resourceNames', 'Role'), fs('rules/resourceNames', 'ClusterRole')],
  },
];

function containerPaths(field: string): FieldSpec[] {
  return [...podPaths(`containers/${field}`), ...podPaths(`initContainers/${field}`)];
}

const varReference: FieldSpec[] = [
  ...containerPaths('args'),
  ...containerPaths('command'),
  ...containerPaths('env/value'),
  ...containerPaths('volumeMounts/mountPath'),
  ...podPaths('volumes/nfs/server'),
  ...podPaths('volumes/nfs/path'),
  fs('spec/rules/host', 'Ingress'),
  fs('spec/tls/hosts', 'Ingress'),
  fs('spec/tls/secretName', 'Ingress'),
  fs('metadata/labels'),
  fs('metadata/annotations'),
];

const images: FieldSpec[] = [
  fs('spec/containers[]/image'),
  fs('spec/initContainers[]/image'),
  fs('spec/template/spec/containers[]/image'),
  fs('spec/template/spec/initContainers[]/image'),
];

const replicas: FieldSpec[] = [
  fs('spec/replicas', 'Deployment', undefined, true),
  fs('spec/replicas', 'ReplicationController', undefined, true),
  fs('spec/replicas', 'ReplicaSet', undefined, true),
  fs('spec/replicas', 'StatefulSet', undefined, true),
];

const namespace: FieldSpec[] = [fs('metadata/namespace', undefined, undefined, true)];

export function defaultTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [fs('metadata/name')],
    nameSuffix: [fs('metadata/name')],
    namespace: [...namespace],
    commonLabels: [...commonLabels],
    templateLabels: [...templateLabels],
    commonAnnotations: [...commonAnnotations],
    nameReference: nameReference.map((e) => ({ ...e, fieldSpecs: [...e.fieldSpecs] })),
    varReference: [...varReference],
    images: [...images],
    replicas: [...replicas],
  };
}

function fsKey(f: FieldSpec): string {
  return `${f.group ?? ''}|${f.version ?? ''}|${f.kind ?? ''}|${f.path}`;
}

function mergeSpecs(a: FieldSpec[], b: FieldSpec[]): FieldSpec[] {
  const seen = new Set(a.map(fsKey));
  const out = [...a];
  for (const f of b) if (!seen.has(fsKey(f))) {
    seen.add(fsKey(f));
    out.push(f);
  }
  return out;
}

/** Adds field specs from `configurations:` files or CRD hints to a config. */
export function mergeTransformerConfig(base: TransformerConfig, extra: Partial<TransformerConfig>): TransformerConfig {
  const out: TransformerConfig = { ...base };
  for (const key of ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'templateLabels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const) {
    const add = extra[key];
    if (add) out[key] = mergeSpecs(base[key], add);
  }
  if (extra.nameReference) {
    const refs = base.nameReference.map((e) => ({ ...e }));
    for (const e of extra.nameReference) {
      const same = refs.find((r) => r.kind === e.kind && (r.group ?? '') === (e.group ?? '') && (r.version ?? '') === (e.version ?? ''));
      if (same) same.fieldSpecs = mergeSpecs(same.fieldSpecs, e.fieldSpecs);
      else refs.push({ ...e });
    }
    out.nameReference = refs;
  }
  return out;
}
