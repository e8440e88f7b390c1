import type { QueryClient } from '@tanstack/react-query';
import { clusterKeys } from '../features/clusters/api/cluster-keys';

// The only place that knows which socket event stales which queries. Payloads are ids only (the hub's
// rule: small events, the UI refetches details), so every event maps to invalidations, not patches.
export interface UiServerEvents {
  'cluster.changed': (payload: { clusterId: string }) => void;
  'cluster.deleted': (payload: { clusterId: string }) => void;
}

export type UiEventName = keyof UiServerEvents;
export type UiEvent =
  | { name: 'cluster.changed'; payload: { clusterId: string } }
  | { name: 'cluster.deleted'; payload: { clusterId: string } }
  | { name: 'reconnected' };

export async function invalidateOnEvent(queryClient: QueryClient, event: UiEvent): Promise<void> {
  switch (event.name) {
    case 'cluster.changed':
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.detail(event.payload.clusterId) }),
      ]);
      return;
    case 'cluster.deleted':
      queryClient.removeQueries({ queryKey: clusterKeys.detail(event.payload.clusterId) });
      await queryClient.invalidateQueries({ queryKey: clusterKeys.lists() });
      return;
    case 'reconnected':
      // Events sent while we were away are lost; refetch everything realtime keeps fresh.
      await queryClient.invalidateQueries({ queryKey: clusterKeys.all });
      return;
  }
}

/** Accepts only well-formed payloads: a malformed event is ignored rather than invalidating everything. */
export function toUiEvent(name: string, payload: unknown): UiEvent | null {
  if (name !== 'cluster.changed' && name !== 'cluster.deleted') return null;
  const id = (payload as { clusterId?: unknown } | null)?.clusterId;
  if (typeof id !== 'string' || id === '') return null;
  return { name, payload: { clusterId: id } };
}
