import type { FluxKindIdentity } from '@flotilla/reconcile-core';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';

// What the integration tests of the source kinds ask the API server: a Flux object's path, a request that
// fails loudly (a GET of a missing object is undefined), and a condition of an object's status.

export const fluxPath = (kind: FluxKindIdentity, ns: string, name?: string): string => `/apis/${kind.group}/${kind.version}/namespaces/${ns}/${kind.plural}${name ? `/${name}` : ''}`;

export async function kubeCall(api: KubeClient, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', p: string, body?: unknown): Promise<Record<string, unknown> | undefined> {
  const res = await api.request({ method, path: p, body, ...(method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : {}) });
  if (res.status === 404 && method === 'GET') return undefined;
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

export type TestCondition = { type: string; status: string; reason: string; message: string };

export const conditionsOf = (o: { status?: unknown } | undefined): TestCondition[] => (isRecord(o?.status) && Array.isArray(o.status.conditions) ? (o.status.conditions as TestCondition[]) : []);

export const conditionOf = (o: { status?: unknown } | undefined, type: string): TestCondition | undefined => conditionsOf(o).find((c) => c.type === type);
