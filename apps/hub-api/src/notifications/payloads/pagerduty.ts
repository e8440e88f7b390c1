import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, objectName, type ProviderRequest } from './provider-request.js';

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`): the routing key is the Provider's channel, as in Flux. An
 * error triggers an incident keyed by the object (and cluster); an info event about the same object resolves it.
 */
export function pagerDutyRequest(address: string, routingKey: string, event: FluxEvent): ProviderRequest {
  const cluster = event.metadata?.cluster;
  const dedupKey = `${cluster ? `${cluster}/` : ''}${objectName(event)}`;
  const base = address.replace(/\/$/, '');
  const url = base.endsWith('/v2/enqueue') ? base : `${base}/v2/enqueue`;
  if (event.severity !== 'error')
    return jsonRequest(url, { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey });
  return jsonRequest(url, {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: `${objectName(event)}: ${event.message}`.slice(0, 1024),
      source: event.reportingController,
      severity: 'error',
      timestamp: event.timestamp,
      component: objectName(event),
      group: event.involvedObject.kind,
      custom_details: event.metadata ?? {},
    },
  });
}
