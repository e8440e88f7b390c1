import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, type ProviderRequest } from './provider-request.js';

/**
 * Alertmanager's `POST /api/v2/alerts` body: one firing alert whose labels identify the object (and carry the
 * event's metadata, which includes the cluster) and whose annotations hold the message and summary.
 */
export function alertmanagerRequest(address: string, event: FluxEvent): ProviderRequest {
  const { summary, ...metadata } = event.metadata ?? {};
  const o = event.involvedObject;
  return jsonRequest(address, [
    {
      labels: {
        ...metadata,
        alertname: `Flux${o.kind}${event.reason}`,
        severity: event.severity,
        reason: event.reason,
        kind: o.kind,
        name: o.name,
        namespace: o.namespace,
        reportingcontroller: event.reportingController,
      },
      annotations: { message: event.message, ...(summary ? { summary } : {}) },
      status: 'firing',
      startsAt: event.timestamp,
    },
  ]);
}
