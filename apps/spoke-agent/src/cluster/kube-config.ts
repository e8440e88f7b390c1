import fs from 'node:fs';
// client-node's config module alone: its package entry loads every generated API and model (see the agent's
// bundle stubs in scripts/build-bundles.mjs for what remains of them).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeEnvironment {
  kubeConfig: KubeConfig;
  /** True when running in a pod with its ServiceAccount (no --kubeconfig given). */
  inCluster: boolean;
  /** The pod's namespace when in a cluster. */
  podNamespace?: string;
}

/** `pathPrefix` relocates the ServiceAccount files (client-node's loadFromCluster takes the same prefix), for tests. */
export function isInCluster(env: NodeJS.ProcessEnv = process.env, pathPrefix = ''): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) && fs.existsSync(`${pathPrefix}${SERVICE_ACCOUNT_DIR}/token`);
}

/**
 * `--kubeconfig` wins; otherwise the pod's ServiceAccount in a cluster; otherwise $KUBECONFIG or ~/.kube/config.
 * In a cluster the API server address comes from KUBERNETES_SERVICE_HOST/PORT of the real process environment.
 */
export function loadKubeEnvironment(kubeconfig: string | undefined, env: NodeJS.ProcessEnv = process.env, pathPrefix = ''): KubeEnvironment {
  const kubeConfig = new KubeConfig();
  if (kubeconfig) {
    if (!fs.existsSync(kubeconfig)) throw new Error(`kubeconfig ${kubeconfig} does not exist`);
    kubeConfig.loadFromFile(kubeconfig);
    return { kubeConfig, inCluster: false };
  }
  if (isInCluster(env, pathPrefix)) {
    kubeConfig.loadFromCluster(pathPrefix);
    const ns = readPodNamespace(env, pathPrefix);
    return ns ? { kubeConfig, inCluster: true, podNamespace: ns } : { kubeConfig, inCluster: true };
  }
  kubeConfig.loadFromDefault();
  if (!kubeConfig.getCurrentCluster()) throw new Error('no Kubernetes cluster configured: pass --kubeconfig FILE or set KUBECONFIG');
  return { kubeConfig, inCluster: false };
}

function readPodNamespace(env: NodeJS.ProcessEnv, pathPrefix: string): string | undefined {
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  try {
    return fs.readFileSync(`${pathPrefix}${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
