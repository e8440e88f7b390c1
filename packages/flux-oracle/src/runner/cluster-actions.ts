import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { ObjectRef } from '../scenario/scenario.schema.js';
import type { Side } from '../sides/side.js';

/** The field manager of the scenario's own writes: a person with kubectl. */
const KUBECTL = 'kubectl';

export const notFound = (err: unknown): boolean => (err as { code?: number }).code === 404;

export function header(ref: ObjectRef, namespace: string): KubernetesObject {
  const namespaced = ref.kind !== 'Namespace' && ref.kind !== 'CustomResourceDefinition' && ref.kind !== 'ClusterRole';
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(namespaced ? { namespace: ref.namespace ?? namespace } : {}) } };
}

/** The objects of a scenario file, with the placeholders every scenario may use replaced. */
export async function readObjects(file: string, vars: Record<string, string>): Promise<KubernetesObject[]> {
  let text = await readFile(file, 'utf8');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`\${${k}}`, v);
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null);
}

export async function applyFile(side: Side, dir: string, file: string, namespace: string, vars: Record<string, string>): Promise<void> {
  for (const obj of await readObjects(path.join(dir, file), vars)) {
    const namespaced = obj.kind !== 'Namespace' && obj.kind !== 'CustomResourceDefinition';
    const meta = { ...obj.metadata, ...(namespaced ? { namespace: obj.metadata?.namespace ?? namespace } : {}) };
    await side.objects.patch({ ...obj, metadata: meta }, undefined, undefined, KUBECTL, true, PatchStrategy.ServerSideApply);
  }
}

export async function deleteObject(side: Side, ref: ObjectRef, namespace: string): Promise<void> {
  await side.objects.delete(header(ref, namespace)).catch((err: unknown) => {
    if (!notFound(err)) throw err;
  });
}

export async function patchObject(side: Side, ref: ObjectRef, patch: Record<string, unknown>, namespace: string, fieldManager = KUBECTL): Promise<void> {
  await side.objects.patch({ ...header(ref, namespace), ...patch }, undefined, undefined, fieldManager, undefined, PatchStrategy.MergePatch);
}

export async function deleteNamespace(side: Side, name: string): Promise<void> {
  await side.core.deleteNamespace({ name }).catch((err: unknown) => {
    if (!notFound(err)) throw err;
  });
}

/** What `flux reconcile` writes: the reconcile.fluxcd.io/requestedAt annotation, to a token the status echoes. */
export async function requestReconcile(side: Side, obj: KubernetesObject, token: string): Promise<void> {
  await side.objects
    .patch({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata?.name, namespace: obj.metadata?.namespace, annotations: { 'reconcile.fluxcd.io/requestedAt': token } } }, undefined, undefined, 'flux', undefined, PatchStrategy.MergePatch)
    .catch((err: unknown) => {
      if (!notFound(err)) throw err;
    });
}
