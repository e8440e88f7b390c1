import { MAX_ENTRY_IMAGES, imageReference } from '../messages/reports.js';

// The container images a workload object runs, read from the object as the API server returns it. Pure.

/** Kinds (group `apps`, `batch` or core) whose pod template, or pod spec, names container images. */
export const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Pod: '',
};

/** Whether an inventory entry's group and kind are a workload whose images are reported. */
export const isWorkload = (group: string, kind: string): boolean => WORKLOAD_KINDS[kind] === group;

type Json = Record<string, unknown>;
const record = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** The pod spec inside a workload: a Pod's own, a CronJob's job template's, every other kind's template's. */
function podSpecOf(kind: string, obj: unknown): Json {
  const spec = record(record(obj).spec);
  if (kind === 'Pod') return spec;
  if (kind === 'CronJob') return record(record(record(record(spec.jobTemplate).spec).template).spec);
  return record(record(spec.template).spec);
}

/**
 * The images of a workload's containers and init containers, each once, in the order the spec lists them
 * (init containers first, as they run). Ephemeral containers are debugging sessions, not what the workload
 * runs: left out. A value that is not a valid image reference is skipped; at most MAX_ENTRY_IMAGES.
 */
export function workloadImages(kind: string, obj: unknown): string[] {
  const pod = podSpecOf(kind, obj);
  const seen = new Set<string>();
  for (const list of [pod.initContainers, pod.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const image = record(c).image;
      if (typeof image === 'string' && imageReference.safeParse(image).success) seen.add(image);
    }
  }
  return [...seen].slice(0, MAX_ENTRY_IMAGES);
}
