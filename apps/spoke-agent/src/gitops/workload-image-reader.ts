import { MAX_ENTRY_HEALTH_MESSAGE, isWorkload, workloadImages, type EntryHealthWire, type InventoryEntryWire } from '@flotilla/protocol';
import { computeHealth, parseInventoryId } from '@flotilla/reconcile-core';
import { mapLimit } from '../k8s/concurrency.js';
import { RestMapper } from '../k8s/discovery.js';
import type { KubeClient } from '../k8s/kube-client.js';
import type { Logger } from '../logging/logger.js';

/** Objects read per inventory at most: a larger inventory reports the images and health of its first ones. */
const MAX_READS = 2000;
/** GETs in flight per inventory. */
const CONCURRENCY = 8;

/** Kubernetes API versions (`v1`, `v1beta1`): anything else is not put into a request path. */
const API_VERSION = /^v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
/** API groups (DNS subdomains, or the core group ''): anything else is not put into a request path either. */
const API_GROUP = /^(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)?$/;

const PLURALS: Readonly<Record<string, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Pod: 'pods',
};

/** Flux's own kinds: their health comes from their status reports, not from the entry. */
const FLUX_GROUP = /\.toolkit\.fluxcd\.io$/;

/**
 * Adds to each inventory entry the live object's health (kstatus, as the Kustomization's health checks judge it:
 * a Deployment available, a Job complete or failed, a PVC Bound, a LoadBalancer Service with an ingress, any
 * other object by its Ready/Stalled/Reconciling conditions and observedGeneration, one without status Current)
 * and, for a workload, the container images it runs, both from one read of the object (what runs, also after an
 * edit outside git). An entry the agent cannot read (gone, forbidden, the API server away, a kind discovery does
 * not know) keeps neither: the hub then shows nothing for it rather than something stale. Flux objects are not
 * read (their own reports carry their health), nor Secrets (kstatus calls every Secret Current; reading one
 * would bring its data into the agent for nothing).
 */
export class WorkloadImageReader {
  private readonly mapper: RestMapper;

  constructor(
    private readonly client: KubeClient,
    private readonly logger: Logger,
  ) {
    this.mapper = new RestMapper(client);
  }

  async withImages(entries: readonly InventoryEntryWire[]): Promise<InventoryEntryWire[]> {
    let reads = 0;
    return mapLimit(entries, CONCURRENCY, async (entry) => {
      const { images: _stale, health: _staleHealth, ...bare } = entry;
      const ref = parseInventoryId(entry.id, entry.v);
      if (!ref.ok || !API_VERSION.test(entry.v) || !API_GROUP.test(ref.value.group) || reads >= MAX_READS) return bare;
      const { group, kind, namespace, name } = ref.value;
      if (FLUX_GROUP.test(group) || (group === '' && kind === 'Secret')) return bare;
      const workload = Boolean(namespace) && isWorkload(group, kind);
      reads++;
      try {
        const path = workload ? workloadPath(group, entry.v, kind, namespace, name) : await this.objectPath(group, entry.v, kind, namespace, name);
        if (path === undefined) return bare;
        const res = await this.client.request({ method: 'GET', path });
        if (res.status !== 200) return bare;
        const images = workload ? workloadImages(kind, res.body) : [];
        return { ...bare, ...(images.length > 0 ? { images } : {}), health: healthOf(res.body) };
      } catch (err) {
        this.logger.debug('cannot read an inventory object’s health', { object: `${kind}/${namespace}/${name}`, err: String(err) });
        return bare;
      }
    });
  }

  /** Any kind's path, through discovery (cluster-scoped kinds have no namespace in it). */
  private async objectPath(group: string, version: string, kind: string, namespace: string, name: string): Promise<string | undefined> {
    const apiVersion = group === '' ? version : `${group}/${version}`;
    const paths = await this.mapper.paths({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) });
    return paths?.object;
  }
}

function workloadPath(group: string, version: string, kind: string, namespace: string, name: string): string {
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${PLURALS[kind]}/${encodeURIComponent(name)}`;
}

/** kstatus's verdict, its message cut to what the protocol carries. NotFound cannot come from a read object. */
function healthOf(obj: unknown): EntryHealthWire {
  const h = computeHealth(obj as Parameters<typeof computeHealth>[0]);
  const status = h.status === 'NotFound' ? 'Unknown' : h.status;
  return h.message ? { status, message: h.message.slice(0, MAX_ENTRY_HEALTH_MESSAGE) } : { status };
}
