import fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeEnvironment {
  kubeConfig: KubeConfig;
  /** True when running in a pod with its ServiceAccount (no --kubeconfig given). */
  inCluster: boolean;
  /** The pod's namespace when in a cluster. */
  podNamespace?: string;
}

export function isInCluster(env: NodeJS.ProcessEnv = process.env, saDir: string = SERVICE_ACCOUNT_DIR): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) && fs.existsSync(`${saDir}/token`);
}

/** `--kubeconfig` wins; otherwise the pod's ServiceAccount in a cluster; otherwise $KUBECONFIG or ~/.kube/config. */
export function loadKubeEnvironment(kubeconfig: string | undefined, env: NodeJS.ProcessEnv = process.env): KubeEnvironment {
  const kubeConfig = new KubeConfig();
  if (kubeconfig) {
    if (!fs.existsSync(kubeconfig)) throw new Error(`kubeconfig ${kubeconfig} does not exist`);
    kubeConfig.loadFromFile(kubeconfig);
    return { kubeConfig, inCluster: false };
  }
  if (isInCluster(env)) {
    kubeConfig.loadFromCluster();
    const ns = readPodNamespace(env);
    return ns ? { kubeConfig, inCluster: true, podNamespace: ns } : { kubeConfig, inCluster: true };
  }
  kubeConfig.loadFromDefault();
  if (!kubeConfig.getCurrentCluster()) throw new Error('no Kubernetes cluster configured: pass --kubeconfig FILE or set KUBECONFIG');
  return { kubeConfig, inCluster: false };
}

function readPodNamespace(env: NodeJS.ProcessEnv): string | undefined {
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  try {
    return fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
