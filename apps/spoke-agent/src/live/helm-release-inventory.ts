import type { InventoryEntryWire } from '@flotilla/protocol';
import { inventoryFromRefs, inventoryId, objectRef, type ObjectRef } from '@flotilla/reconcile-core';
import { parseAllDocuments } from 'yaml';
import { readReleaseRevision } from '../controller/kinds/helm-release/release-records.js';
import { RestMapper } from '../k8s/discovery.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';

/** Objects one release lists at most, as the protocol bounds an inventory. */
const MAX_ENTRIES = 50_000;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The objects of a HelmRelease's current release as a Flux inventory, found as `flux tree` finds them:
 * helm-controller v2 keeps them nowhere but in helm's storage, so the release record of the latest history
 * entry (`status.history[0]`, stored in `status.storageNamespace`) is read and its rendered manifest parsed. A
 * namespaced object the chart gives no namespace gets the release's namespace; a cluster-scoped one, or one of a
 * kind discovery does not know, keeps none. Only ids and API versions leave `inventory`: the manifest (with
 * any Secret it renders) is dropped once parsed, never logged or kept; `object` gives one object of it, on
 * demand, for the Live view (whose reader redacts it).
 *
 * Unlike `flux tree`, CustomResourceDefinitions installed from the chart's `crds/` directory are not listed:
 * helm keeps them out of the manifest and this agent does not label them as helm-controller does.
 *
 * `[]` for a HelmRelease with no release yet (or whose record helm no longer keeps); undefined when the record
 * could not be read or decoded, so the previous inventory stays rather than being emptied by a passing error.
 *
 * A HelmRelease is reported after every reconcile (each interval), while its release changes only on an
 * install, upgrade or rollback: the entries of the last record read are kept per release, under the record's
 * version and digest (which the history entry carries), and the record is read again only when those change.
 */
export class HelmReleaseInventoryReader {
  private readonly mapper: RestMapper;
  /** Per release (`storageNamespace/name`): the record last read, as `version/digest`, and its entries. */
  private readonly last = new Map<string, { record: string; entries: InventoryEntryWire[] }>();

  constructor(private readonly kube: KubeClient) {
    this.mapper = new RestMapper(kube);
  }

  async inventory(status: Record<string, unknown> | undefined): Promise<InventoryEntryWire[] | undefined> {
    const latest = latestRelease(status);
    if (!latest) return [];
    // Without a digest (a status written by another controller) the record is read every time.
    const record = `${latest.version}/${latest.digest}`;
    const kept = this.last.get(latest.key);
    if (latest.digest && kept?.record === record) return kept.entries;
    const entries = await this.read(latest.storageNamespace, latest.name, latest.version, latest.namespace);
    if (entries && latest.digest) this.last.set(latest.key, { record, entries });
    return entries;
  }

  /** Forgets the entries kept for a HelmRelease that is gone, given its last status. */
  forget(status: Record<string, unknown> | undefined): void {
    const latest = latestRelease(status);
    if (latest) this.last.delete(latest.key);
  }

  private async read(storageNamespace: string, name: string, version: number, namespace: string): Promise<InventoryEntryWire[] | undefined> {
    const objects = await this.releaseObjects(storageNamespace, name, version, namespace);
    return objects && inventoryFromRefs(objects.slice(0, MAX_ENTRIES).map((o) => o.ref)).entries;
  }

  /**
   * One object of the current release as helm rendered it (post-renderers included: helm stores what it
   * applied), with the release's namespace where the chart gave a namespaced object none; undefined when the
   * release does not hold it or its record cannot be read. Read on demand, never kept.
   */
  async object(status: Record<string, unknown> | undefined, target: ObjectRef): Promise<Record<string, unknown> | undefined> {
    const latest = latestRelease(status);
    if (!latest) return undefined;
    const objects = await this.releaseObjects(latest.storageNamespace, latest.name, latest.version, latest.namespace);
    const id = inventoryId(target);
    const found = objects?.find((o) => inventoryId(o.ref) === id);
    if (!found) return undefined;
    const metadata = isRecord(found.object.metadata) ? found.object.metadata : {};
    return found.ref.namespace && !metadata.namespace ? { ...found.object, metadata: { ...metadata, namespace: found.ref.namespace } } : found.object;
  }

  /** The release record's manifest as objects with their refs; `[]` when helm keeps no such record. */
  private async releaseObjects(storageNamespace: string, name: string, version: number, namespace: string): Promise<{ ref: ObjectRef; object: Record<string, unknown> }[] | undefined> {
    const got = await readReleaseRevision(this.kube, storageNamespace, name, version);
    if (!got.ok) return got.status === 404 ? [] : undefined;
    let docs: unknown[];
    try {
      docs = parseAllDocuments(str(got.release.manifest)).map((d) => d.toJS() as unknown);
    } catch {
      return undefined;
    }
    const out: { ref: ObjectRef; object: Record<string, unknown> }[] = [];
    for (const doc of docs) {
      if (!isRecord(doc)) continue;
      const ref = objectRef(doc);
      if (!ref.ok) continue;
      out.push({ ref: ref.value.namespace ? ref.value : await this.withReleaseNamespace(ref.value, namespace), object: doc });
      if (out.length === MAX_ENTRIES) break;
    }
    return out;
  }

  private async withReleaseNamespace(ref: ObjectRef, namespace: string): Promise<ObjectRef> {
    const apiVersion = ref.group ? `${ref.group}/${ref.version}` : ref.version;
    const mapping = await this.mapper.mapping(apiVersion, ref.kind).catch(() => undefined);
    return mapping?.namespaced ? { ...ref, namespace } : ref;
  }
}

/** The release `status.history[0]` names, stored in `status.storageNamespace`, as helm-controller v2 records it. */
function latestRelease(status: Record<string, unknown> | undefined) {
  const storageNamespace = str(status?.storageNamespace);
  const history = Array.isArray(status?.history) ? status.history : [];
  const latest = isRecord(history[0]) ? history[0] : undefined;
  const name = str(latest?.name);
  const version = latest?.version;
  if (!storageNamespace || !name || typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return undefined;
  return { key: `${storageNamespace}/${name}`, storageNamespace, name, version, namespace: str(latest?.namespace) || storageNamespace, digest: str(latest?.digest) };
}
