import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { releaseRecordSelector, secretsPath } from './release-records.js';

// Flux's `storageNamespace` keeps a release's records (helm's `sh.helm.release.v1.<name>.v<N>` Secrets) in
// another namespace than the one the release installs to. helm-controller does it with helm's library; the helm
// CLI has one `--namespace` for both, so around each helm command the agent lends the records to the target
// namespace, where helm reads and writes them, and gathers them back afterwards: what helm wrote or changed is
// moved to the storage namespace, what helm deleted (history pruning, uninstall) is deleted there too. Between
// reconciles every record is in the storage namespace, so `helm list -n <storage>` and `helm history` show the
// release there, as with Flux; a record left in the target namespace by an agent stopped mid-command is
// gathered at the next reconcile. With no `storageNamespace`, this agent keeps the records in the target
// namespace (Flux: the HelmRelease's namespace), where helm puts them.

/** Where a HelmRelease's release goes (`target`) and where its records are kept (`storage`). */
export function releaseNamespaces(hrNamespace: string, spec: Pick<HelmReleaseSpec, 'targetNamespace' | 'storageNamespace'>): { target: string; storage: string } {
  const target = spec.targetNamespace || hrNamespace;
  return { target, storage: spec.storageNamespace || target };
}

type Secret = Record<string, unknown> & { metadata: Record<string, unknown> };

async function listRecords(kube: KubeClient, namespace: string, releaseName: string): Promise<Secret[]> {
  const res = await kube.request({ method: 'GET', path: secretsPath(namespace), query: { labelSelector: releaseRecordSelector(releaseName) } });
  if (res.status !== 200) throw new Error(`failed to list the release records in namespace ${namespace}: ${apiFailure(res.status, res.body).message}`);
  const items = isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items : [];
  return items.filter((s): s is Secret => isRecord(s) && isRecord(s.metadata) && s.type === 'helm.sh/release.v1');
}

const nameOf = (s: Secret): string => String(s.metadata.name);

/** The record as a new object in `namespace`: the same name, labels, type and data. */
function copyInto(s: Secret, namespace: string): Record<string, unknown> {
  const labels = isRecord(s.metadata.labels) ? s.metadata.labels : {};
  return { apiVersion: 'v1', kind: 'Secret', type: s.type, immutable: s.immutable, metadata: { name: nameOf(s), namespace, labels }, data: s.data };
}

/** Creates the record in `namespace`, or replaces the one of its name there. */
async function put(kube: KubeClient, s: Secret, namespace: string): Promise<void> {
  const body = copyInto(s, namespace);
  const created = await kube.request({ method: 'POST', path: secretsPath(namespace), body });
  if (created.status === 201 || created.status === 200) return;
  if (created.status !== 409) throw new Error(`failed to store release record ${nameOf(s)} in namespace ${namespace}: ${apiFailure(created.status, created.body).message}`);
  const path = `${secretsPath(namespace)}/${encodeURIComponent(nameOf(s))}`;
  const current = await kube.request({ method: 'GET', path });
  const resourceVersion = isRecord(current.body) && isRecord(current.body.metadata) ? current.body.metadata.resourceVersion : undefined;
  const replaced = await kube.request({ method: 'PUT', path, body: { ...body, metadata: { ...(body.metadata as object), resourceVersion } } });
  if (replaced.status !== 200) throw new Error(`failed to store release record ${nameOf(s)} in namespace ${namespace}: ${apiFailure(replaced.status, replaced.body).message}`);
}

async function remove(kube: KubeClient, namespace: string, name: string): Promise<void> {
  const res = await kube.request({ method: 'DELETE', path: `${secretsPath(namespace)}/${encodeURIComponent(name)}` });
  if (res.status !== 200 && res.status !== 202 && res.status !== 404) throw new Error(`failed to remove release record ${name} from namespace ${namespace}: ${apiFailure(res.status, res.body).message}`);
}

/** Copies every record of the release from the storage namespace to the target namespace; returns their names. */
export async function lendRecords(kube: KubeClient, storage: string, target: string, releaseName: string): Promise<string[]> {
  const records = await listRecords(kube, storage, releaseName);
  for (const s of records) await put(kube, s, target);
  return records.map(nameOf);
}

/**
 * Moves every record of the release found in the target namespace to the storage namespace, and deletes from
 * the storage namespace the `lent` records helm deleted meanwhile.
 */
export async function gatherRecords(kube: KubeClient, target: string, storage: string, releaseName: string, lent: readonly string[] = []): Promise<void> {
  const there = await listRecords(kube, target, releaseName);
  for (const s of there) await put(kube, s, storage);
  for (const s of there) await remove(kube, target, nameOf(s));
  const kept = new Set(there.map(nameOf));
  for (const name of lent) if (!kept.has(name)) await remove(kube, storage, name);
}

/** Runs `command` (a helm command on the target namespace) with the records lent to it, then gathers them. */
export async function withLentRecords<T>(kube: KubeClient, ns: { target: string; storage: string }, releaseName: string, command: () => Promise<T>): Promise<T> {
  if (ns.storage === ns.target) return command();
  const lent = await lendRecords(kube, ns.storage, ns.target, releaseName);
  try {
    return await command();
  } finally {
    await gatherRecords(kube, ns.target, ns.storage, releaseName, lent);
  }
}
