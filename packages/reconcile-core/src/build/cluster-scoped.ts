// Built-in kinds that live outside namespaces (from the Kubernetes OpenAPI document kustomize embeds).
// Unknown kinds (custom resources) count as namespaced unless a CRD or openapi hint says otherwise.
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTrustBundle',
  'ComponentStatus', 'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'DeviceClass', 'FlowSchema',
  'IngressClass', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration',
  'ResourceSlice', 'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectReview', 'SelfSubjectRulesReview',
  'StorageClass', 'StorageVersion', 'StorageVersionMigration', 'SubjectAccessReview', 'TokenReview',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  'VolumeAttachment', 'VolumeAttributesClass', 'IPAddress', 'ServiceCIDR',
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
