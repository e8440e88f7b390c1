import * as k8s from '@kubernetes/client-node';

export type SideName = 'flux' | 'flotilla';

/** One cluster with one implementation of Flux's API reconciling it. */
export interface Side {
  name: SideName;
  kubeConfig: k8s.KubeConfig;
  objects: k8s.KubernetesObjectApi;
  core: k8s.CoreV1Api;
  logs(): Record<string, string>;
  stop(): Promise<void>;
}

export function clientsOf(kubeConfig: k8s.KubeConfig): Pick<Side, 'objects' | 'core'> {
  return { objects: k8s.KubernetesObjectApi.makeApiClient(kubeConfig), core: kubeConfig.makeApiClient(k8s.CoreV1Api) };
}
