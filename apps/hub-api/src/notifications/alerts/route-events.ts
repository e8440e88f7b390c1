import type { AlertSpec } from '@flotilla/protocol/flux';
import type { Prisma } from '@flotilla/prisma/client';
import type { RoutingOps } from '../notifications.repository.js';
import { alertMatches, type ClusterSelector } from './alert-match.js';
import { toFluxEvent, type HubEvent } from './hub-event.js';
import { DEDUP_INTERVAL_MS, dedupKey, groupKey, recovered, stateChange, stateKey } from './noise.js';

export interface RoutableAlert {
  id: string;
  namespace: string;
  providerId: string;
  providerSuspended: boolean;
  /** A forge Provider: it gets commit statuses of the aggregate result, never single cluster events. */
  forge: boolean;
  spec: Omit<AlertSpec, 'providerRef'>;
  clusterSelector: ClusterSelector;
  mode: 'every' | 'state-change';
  groupWindowMs: number;
}

/** Whether the Alert can send cluster events at all: not through a suspended Provider, nor a forge one. */
export const takesEvents = (a: RoutableAlert): boolean => !a.providerSuspended && !a.forge;

/**
 * Decides, for each event, which Alerts send it and queues the messages. Alerts whose Provider is suspended
 * take nothing, as in Flux. In `every` mode an event identical to one seen in the last 5 minutes is dropped
 * (Flux's rate limit, shared by all such Alerts); in `state-change` mode only a change is sent. With a grouping
 * window the message waits for the window, folding in the same failure from other clusters.
 */
export async function routeEvents(
  events: readonly HubEvent[],
  alerts: readonly RoutableAlert[],
  ops: RoutingOps,
  now: Date,
): Promise<number> {
  let queued = 0;
  for (const e of events) {
    const matching = alerts.filter(
      (a) =>
        takesEvents(a) &&
        alertMatches({ namespace: a.namespace, spec: a.spec, clusterSelector: a.clusterSelector }, e),
    );
    if (matching.length === 0) continue;
    let fresh: boolean | undefined;
    for (const alert of matching) {
      let event = toFluxEvent(e, alert.spec);
      if (alert.mode === 'every') {
        fresh ??= await ops.firstWithin(dedupKey(e), now, new Date(now.getTime() + DEDUP_INTERVAL_MS));
        if (!fresh) continue;
      } else {
        const change = stateChange(await ops.failingSince(alert.id, stateKey(e)), e);
        if (!change.send) continue;
        await ops.setFailingSince(alert.id, stateKey(e), change.failingSince);
        if (change.recoveredAfterMs !== undefined) event = recovered(event, change.recoveredAfterMs);
      }
      const grouped = alert.groupWindowMs > 0;
      await ops.enqueue({
        alertId: alert.id,
        providerId: alert.providerId,
        event: event as unknown as Prisma.InputJsonValue,
        groupKey: grouped ? groupKey(alert.id, e) : null,
        notBefore: grouped ? new Date(now.getTime() + alert.groupWindowMs) : now,
      });
      queued++;
    }
  }
  return queued;
}
