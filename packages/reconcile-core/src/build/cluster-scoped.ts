import { K8S_CLUSTER_SCOPED } from './patch/k8s-merge-schema.gen.js';

// kustomize decides scope by exact apiVersion and kind from the Kubernetes v1.21.2 document it embeds:
// a type it does not know (a custom resource, or a newer API version) counts as namespaced.
const CLUSTER_SCOPED = new Set(K8S_CLUSTER_SCOPED);

export function isClusterScoped(group: string, version: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group ? `${group}/` : ''}${version}|${kind}`);
}
