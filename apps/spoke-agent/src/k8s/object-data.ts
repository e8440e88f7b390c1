import { apiFailure } from './api-error.js';
import type { KubeClient } from './kube-client.js';
import { isRecord } from './object-ref.js';

/**
 * The data of a Secret (base64-decoded) or a ConfigMap (`data`, then `binaryData` decoded), for the readers of
 * credentials and values. `undefined` when the object does not exist; any other failure throws the API server's
 * message (which names the object, never a value).
 */
export async function readObjectData(kube: KubeClient, kind: 'Secret' | 'ConfigMap', namespace: string, name: string): Promise<Record<string, string> | undefined> {
  const plural = kind === 'Secret' ? 'secrets' : 'configmaps';
  const res = await kube.request({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/${plural}/${encodeURIComponent(name)}` });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(apiFailure(res.status, res.body).message);
  const body = isRecord(res.body) ? res.body : {};
  const out: Record<string, string> = {};
  const decode = (m: unknown, base64: boolean) => {
    if (!isRecord(m)) return;
    for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = base64 ? Buffer.from(v, 'base64').toString('utf8') : v;
  };
  if (kind === 'Secret') decode(body.data, true);
  else {
    decode(body.binaryData, true);
    decode(body.data, false);
  }
  return out;
}
