import type { KubeConfig } from '@kubernetes/client-node';
import { kubeCall } from '../k8s/small-kube-client.js';

/** What the hello reports about the cluster; null where the agent could not read it. */
export interface ClusterInfo {
  kubernetesVersion: string | null;
  nodeCount: number | null;
}

/** Port: reads facts about the agent's own cluster. */
export interface ClusterInfoSource {
  read(): Promise<{ info: ClusterInfo; errors: string[] }>;
}

const READ_TIMEOUT_MS = 10_000;
const PAGE_SIZE = 500;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'number') return `HTTP ${err.code}`;
  return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : String(err);
}

/** Reads `/version` and counts Nodes (paged) from the API server; each failure is reported, never thrown. */
export function createKubeClusterInfo(kubeConfig: KubeConfig): ClusterInfoSource {
  const readVersion = async (): Promise<{ gitVersion: string }> => kubeCall(kubeConfig, { method: 'GET', path: '/version' });
  const countNodes = async (): Promise<number> => {
    let count = 0;
    let cont: string | undefined;
    do {
      const page = await kubeCall<{ items?: unknown[]; metadata?: { continue?: string } }>(kubeConfig, {
        method: 'GET',
        path: '/api/v1/nodes',
        query: { limit: String(PAGE_SIZE), continue: cont },
      });
      count += page.items?.length ?? 0;
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return count;
  };
  return {
    async read() {
      const [v, n] = await Promise.allSettled([withTimeout(readVersion(), 'GET /version'), withTimeout(countNodes(), 'list nodes')]);
      const errors: string[] = [];
      if (v.status === 'rejected') errors.push(`cannot read the Kubernetes version: ${describe(v.reason)}`);
      if (n.status === 'rejected') errors.push(`cannot count nodes: ${describe(n.reason)}`);
      return {
        info: {
          kubernetesVersion: v.status === 'fulfilled' ? v.value.gitVersion : null,
          nodeCount: n.status === 'fulfilled' ? n.value : null,
        },
        errors,
      };
    },
  };
}
