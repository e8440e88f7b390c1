import type { InventoryEntryWire } from '@flotilla/protocol';
import { inventoryFromRefs, inventoryId, objectRef, type ObjectRef } from '@flotilla/reconcile-core';
import { parseAllDocuments } from 'yaml';
import { crdOriginSelector, type CrdOrigin } from '../controller/kinds/helm-release/chart-crds.js';
import { readReleaseRevision } from '../controller/kinds/helm-release/release-records.js';
import { RestMapper } from '../k8s/discovery.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';

/** Objects one release lists at most, as the protocol bounds an inventory. */
const MAX_ENTRIES = 50_000;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const CRD = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' } as const;
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** `flux tree`'s rule: the chart's CRDs are listed when `install.crds` or `upgrade.crds` names a policy other than Skip. */
function listsChartCrds(spec: unknown): boolean {
  if (!isRecord(spec)) return false;
  return (['install', 'upgrade'] as const).some((part) => {
    const policy = isRecord(spec[part]) ? spec[part].crds : undefined;
    return typeof policy === 'string' && policy !== '' && policy !== 'Skip';
  });
}

/**
 * The objects of a HelmRelease's current release as a Flux inventory, found as `flux tree` finds them:
 * helm-controller v2 keeps them nowhere but in helm's storage, so the release record of the latest history
 * entry (`status.history[0]`, stored in `status.storageNamespace`) is read and its rendered manifest parsed. A
 * namespaced object the chart gives no namespace gets the release's namespace; a cluster-scoped one, or one of a
 * kind discovery does not know, keeps none. Only ids and API versions leave `inventory`: the manifest (with
 * any Secret it renders) is dropped once parsed, never logged or kept; `object` gives one object of it, on
 * demand, for the Live view (whose reader redacts it).
 *
 * CustomResourceDefinitions of the chart's `crds/` directory are not in the manifest; as `flux tree` does, they
 * are added when the HelmRelease sets `install.crds` or `upgrade.crds` to a policy other than Skip, found by
 * the origin labels the agent puts on them (chart-crds.ts) and listed after the manifest's objects.
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

  /** `owner` is the HelmRelease (its namespace, name and spec), whose chart's CRDs are listed when its spec asks. */
  async inventory(status: Record<string, unknown> | undefined, owner?: CrdOrigin & { spec: unknown }): Promise<InventoryEntryWire[] | undefined> {
    const latest = latestRelease(status);
    if (!latest) return [];
    const crdsOf = owner && listsChartCrds(owner.spec) ? { namespace: owner.namespace, name: owner.name } : undefined;
    // Without a digest (a status written by another controller) the record is read every time. The chart's CRDs
    // are applied before the release that records them, so the same record lists the same CRDs.
    const record = `${latest.version}/${latest.digest}/${crdsOf ? 'crds' : ''}`;
    const kept = this.last.get(latest.key);
    if (latest.digest && kept?.record === record) return kept.entries;
    const objects = await this.releaseObjects(latest.storageNamespace, latest.name, latest.version, latest.namespace);
    if (!objects) return undefined;
    const refs = objects.slice(0, MAX_ENTRIES).map((o) => o.ref);
    if (crdsOf) {
      const crds = await this.chartCrds(crdsOf);
      if (!crds) return undefined;
      const listed = new Set(refs.filter((r) => r.kind === CRD.kind && r.group === CRD.group).map((r) => r.name));
      refs.push(...crds.filter((name) => !listed.has(name)).slice(0, MAX_ENTRIES - refs.length).map((name) => ({ ...CRD, namespace: '', name })));
    }
    const entries = inventoryFromRefs(refs).entries;
    if (latest.digest) this.last.set(latest.key, { record, entries });
    return entries;
  }

  /** The names of the CRDs that carry the HelmRelease's origin labels; undefined when they cannot be listed. */
  private async chartCrds(origin: CrdOrigin): Promise<string[] | undefined> {
    const res = await this.kube.request({ method: 'GET', path: CRD_PATH, query: { labelSelector: crdOriginSelector(origin) } });
    if (res.status !== 200 || !isRecord(res.body) || !Array.isArray(res.body.items)) return undefined;
    return res.body.items.flatMap((i) => (isRecord(i) && isRecord(i.metadata) && typeof i.metadata.name === 'string' ? [i.metadata.name] : [])).sort();
  }

  /** Forgets the entries kept for a HelmRelease that is gone, given its last status. */
  forget(status: Record<string, unknown> | undefined): void {
    const latest = latestRelease(status);
    if (latest) this.last.delete(latest.key);
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
