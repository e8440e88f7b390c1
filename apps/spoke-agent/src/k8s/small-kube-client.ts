import type { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient, type KubeRequest } from './kube-client.js';

// The agent's few single requests outside the engine (its credential Secret, its assignment ConfigMap, the
// cluster's version and node count) go through its own small HTTP client rather than client-node's generated
// CoreV1Api/VersionApi: importing those loads every generated API and model of client-node, about 3 MiB of
// JavaScript and 8 MiB of the agent's resident memory, for five requests.

/** A non-2xx answer; `code` is the HTTP status, as client-node's ApiException has it. */
export class KubeStatusError extends Error {
  override readonly name = 'KubeStatusError';
  constructor(
    readonly code: number,
    what: string,
  ) {
    super(`${what}: HTTP ${code}`);
  }
}

/**
 * Sends one request and returns the decoded body of a 2xx answer; any other status throws KubeStatusError. Each
 * call reads the kubeconfig's credentials afresh, as client-node's generated APIs did, so a rotated
 * ServiceAccount token is picked up; these requests are rare (start, assignment changes), so the connection is
 * not kept.
 */
export async function kubeCall<T>(kubeConfig: KubeConfig, req: KubeRequest): Promise<T> {
  const client = await createKubeClient(kubeConfig, { maxSockets: 1 });
  try {
    const res = await client.request(req);
    if (res.status < 200 || res.status > 299) throw new KubeStatusError(res.status, `${req.method} ${req.path}`);
    return res.body as T;
  } finally {
    client.close();
  }
}
