import { createHash } from 'node:crypto';
import type { FluxEvent } from '@flotilla/protocol/flux';
import type { HubEvent } from './hub-event.js';

/** Flux's rate-limit interval for identical events (`--rate-limit-interval`). */
export const DEDUP_INTERVAL_MS = 5 * 60_000;

/**
 * Flux drops an event identical to one seen within the interval: same object (kind, namespace, name), same
 * message, same metadata. The cluster is part of the metadata, so the same failure on two clusters is two events.
 */
export function dedupKey(e: HubEvent): string {
  const parts = [
    e.cluster.name,
    e.kind,
    e.namespace,
    e.name,
    e.severity,
    e.reason,
    e.message,
    e.revision ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The object an alert in state-change mode tracks: per cluster, since each cluster fails and recovers alone. */
export const stateKey = (e: HubEvent): string => `${e.cluster.name}/${e.kind}/${e.namespace}/${e.name}`;

export type StateChange =
  { send: false } | { send: true; failingSince: Date | null; recoveredAfterMs?: number };

/**
 * State-change mode: the first error of an object that was not failing is sent and starts its failing time; more
 * errors are not; the first info event after that is sent as its recovery with how long it failed, and ends it.
 * `failingSince` is the new state (null: not failing).
 */
export function stateChange(failingSince: Date | null, e: HubEvent): StateChange {
  if (e.severity === 'error')
    return failingSince === null ? { send: true, failingSince: e.occurredAt } : { send: false };
  if (failingSince === null) return { send: false };
  return {
    send: true,
    failingSince: null,
    recoveredAfterMs: Math.max(0, e.occurredAt.getTime() - failingSince.getTime()),
  };
}

/** `1h2m3s` for a duration in milliseconds, the way Go prints it (to the second). */
export function formatDuration(ms: number): string {
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** A recovery, said in the message and the metadata. */
export function recovered(event: FluxEvent, afterMs: number): FluxEvent {
  const after = formatDuration(afterMs);
  return {
    ...event,
    message: `Recovered after ${after}: ${event.message}`,
    metadata: { ...event.metadata, recoveredAfter: after },
  };
}

/** The grouping key: one object's failure of one reason, whatever the cluster. */
export const groupKey = (alertId: string, e: HubEvent): string =>
  `${alertId}/${e.kind}/${e.namespace}/${e.name}/${e.severity}/${e.reason}`;

/**
 * Events of one group folded into one message: "HealthCheckFailed on 3 clusters: <first message>", with the
 * clusters named in the metadata. One event is sent as it is.
 */
export function foldGroup(events: readonly FluxEvent[]): FluxEvent {
  const [first] = events;
  if (!first) throw new Error('a delivery holds at least one event');
  if (events.length === 1) return first;
  const clusters = [...new Set(events.map((e) => e.metadata?.cluster ?? ''))].filter(Boolean).sort();
  const { clusterLabels: _labels, ...metadata } = first.metadata ?? {};
  return {
    ...first,
    message: `${first.reason} on ${clusters.length} clusters: ${first.message}`,
    metadata: { ...metadata, cluster: clusters.join(', ') },
  };
}
