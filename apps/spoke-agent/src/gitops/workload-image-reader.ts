import { MAX_ENTRY_HEALTH_MESSAGE, isWorkload, workloadImages, type EntryHealthWire, type InventoryEntryWire } from '@flotilla/protocol';
import { computeHealth, parseInventoryId } from '@flotilla/reconcile-core';
import { mapLimit } from '../k8s/concurrency.js';
import type { KubeClient } from '../k8s/kube-client.js';
import type { Logger } from '../logging/logger.js';

/** Workloads read per inventory at most: a larger inventory reports the images of its first ones. */
const MAX_READS = 2000;
/** GETs in flight per inventory. */
const CONCURRENCY = 8;

/** Kubernetes API versions (`v1`, `v1beta1`): anything else is not put into a request path. */
const API_VERSION = /^v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

const PLURALS: Readonly<Record<string, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Pod: 'pods',
};

/**
 * Adds to each workload entry of an inventory the container images the live object runs and its health
 * (kstatus, as the Kustomization's health checks judge it: a Deployment available, a Job complete…), both from
 * one read of the object (what runs, also after an edit outside git). An entry the agent cannot read (gone,
 * forbidden, the API server away) keeps neither: the hub then shows nothing for it rather than something stale.
 */
export class WorkloadImageReader {
  constructor(
    private readonly client: KubeClient,
    private readonly logger: Logger,
  ) {}

  async withImages(entries: readonly InventoryEntryWire[]): Promise<InventoryEntryWire[]> {
    let reads = 0;
    return mapLimit(entries, CONCURRENCY, async (entry) => {
      const { images: _stale, health: _staleHealth, ...bare } = entry;
      const ref = parseInventoryId(entry.id, entry.v);
      if (!ref.ok || !ref.value.namespace || !isWorkload(ref.value.group, ref.value.kind) || !API_VERSION.test(entry.v) || reads >= MAX_READS) return bare;
      reads++;
      const { group, kind, namespace, name } = ref.value;
      const base = group === '' ? `/api/${entry.v}` : `/apis/${group}/${entry.v}`;
      const path = `${base}/namespaces/${encodeURIComponent(namespace)}/${PLURALS[kind]}/${encodeURIComponent(name)}`;
      try {
        const res = await this.client.request({ method: 'GET', path });
        if (res.status !== 200) return bare;
        const images = workloadImages(kind, res.body);
        return { ...bare, ...(images.length > 0 ? { images } : {}), health: healthOf(res.body) };
      } catch (err) {
        this.logger.debug('cannot read a workload’s images', { object: `${kind}/${namespace}/${name}`, err: String(err) });
        return bare;
      }
    });
  }
}

/** kstatus's verdict, its message cut to what the protocol carries. NotFound cannot come from a read object. */
function healthOf(obj: unknown): EntryHealthWire {
  const h = computeHealth(obj as Parameters<typeof computeHealth>[0]);
  const status = h.status === 'NotFound' ? 'Unknown' : h.status;
  return h.message ? { status, message: h.message.slice(0, MAX_ENTRY_HEALTH_MESSAGE) } : { status };
}
