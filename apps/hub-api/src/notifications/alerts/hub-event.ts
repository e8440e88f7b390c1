import type { FluxEvent } from '@flotilla/protocol/flux';

/** A stored cluster event with the cluster it came from, as the dispatcher reads it. */
export interface HubEvent {
  id: bigint;
  cluster: { name: string; labels: Record<string, string> };
  kind: string;
  namespace: string;
  name: string;
  /** The involved object's labels as its agent reported them; null when the hub does not know the object. */
  objectLabels: Record<string, string> | null;
  severity: 'info' | 'error';
  reason: string;
  message: string;
  revision: string | null;
  occurredAt: Date;
}

/** The controller that reports each kind's events in Flux, named in the events the hub forwards. */
const REPORTING_CONTROLLER: Record<string, string> = {
  Kustomization: 'kustomize-controller',
  HelmRelease: 'helm-controller',
  ImageRepository: 'image-reflector-controller',
  ImagePolicy: 'image-reflector-controller',
  ImageUpdateAutomation: 'image-automation-controller',
};

/** `env=prod,region=eu`: a cluster's labels in one metadata value, sorted by key. */
export const formatLabels = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/**
 * The event in Flux's format. Metadata, lowest precedence first as Flux merges it: the Alert's eventMetadata,
 * then its summary, then what the controller reported (the revision) and the cluster's name and labels, which
 * no Alert can overwrite.
 */
export function toFluxEvent(
  e: HubEvent,
  alert: { eventMetadata?: Record<string, string>; summary?: string },
): FluxEvent {
  const labels = formatLabels(e.cluster.labels);
  return {
    involvedObject: { kind: e.kind, namespace: e.namespace, name: e.name },
    severity: e.severity,
    timestamp: e.occurredAt.toISOString(),
    message: e.message,
    reason: e.reason,
    metadata: {
      ...(alert.eventMetadata ?? {}),
      ...(alert.summary ? { summary: alert.summary } : {}),
      ...(e.revision ? { revision: e.revision } : {}),
      cluster: e.cluster.name,
      ...(labels ? { clusterLabels: labels } : {}),
    },
    reportingController: REPORTING_CONTROLLER[e.kind] ?? 'source-controller',
    reportingInstance: e.cluster.name,
  };
}
