import { RelativeTime } from '../../../components/relative-time';
import type { ConnectionState } from '../api/cluster-types';

/**
 * The hub records every heartbeat but announces only state changes (a UI event per heartbeat per cluster
 * would flood browsers at fleet scale). So while a cluster is Connected, "last seen" is "now" by
 * definition: a heartbeat arrived within the timeout. Otherwise the recorded time ticks on.
 */
export function LastSeen({ state, lastSeenAt }: { state: ConnectionState; lastSeenAt: string | null }) {
  if (state === 'CONNECTED') {
    return <span title="Heartbeats are arriving within the timeout">now</span>;
  }
  return <RelativeTime value={lastSeenAt} />;
}
