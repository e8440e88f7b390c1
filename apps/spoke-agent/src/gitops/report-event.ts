import type { FluxEvent } from '../controller/kind-reconciler.js';
import { clip, type EventItem } from '../outbox/outbox.js';

/** A Kubernetes Event the runtime recorded, as the hub stores it: a Warning is an error, the message clipped. */
export function reportEvent(involvedObject: EventItem['involvedObject'], ev: FluxEvent, now: Date): EventItem {
  return {
    involvedObject,
    severity: ev.type === 'Warning' ? 'error' : 'info',
    reason: ev.reason,
    message: clip(ev.message),
    ...(ev.revision ? { revision: ev.revision } : {}),
    timestamp: now.toISOString(),
  };
}
