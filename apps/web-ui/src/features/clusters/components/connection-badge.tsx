import { Badge, type BadgeTone } from '../../../components/badge';
import type { ConnectionState } from '../api/cluster-types';

const LOOK: Record<ConnectionState, { tone: BadgeTone; label: string; hint: string }> = {
  CONNECTED: { tone: 'success', label: 'Connected', hint: 'The agent is connected and sending heartbeats.' },
  DISCONNECTED: {
    tone: 'danger',
    label: 'Disconnected',
    hint: 'No heartbeat from the agent within the timeout.',
  },
  PENDING: { tone: 'warning', label: 'Pending', hint: 'Waiting for an agent to register with its token.' },
  REVOKED: {
    tone: 'neutral',
    label: 'Revoked',
    hint: 'The agent credential was revoked; issue a new token to reconnect.',
  },
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const look = LOOK[state];
  return (
    <span title={look.hint} data-state={state}>
      <Badge tone={look.tone} pulse={state === 'CONNECTED'}>
        {look.label}
      </Badge>
    </span>
  );
}
