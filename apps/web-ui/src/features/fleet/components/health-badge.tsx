import { Badge, type BadgeTone } from '../../../components/badge';
import type { FleetHealth } from '../../../lib/graphql/operation-types.gen';

const HEALTH: Record<FleetHealth, { tone: BadgeTone; label: string }> = {
  READY: { tone: 'success', label: 'Ready' },
  PROGRESSING: { tone: 'warning', label: 'Progressing' },
  FAILING: { tone: 'danger', label: 'Failing' },
  STALLED: { tone: 'danger', label: 'Stalled' },
  SUSPENDED: { tone: 'neutral', label: 'Suspended' },
};

export const healthLabel = (health: FleetHealth): string => HEALTH[health].label;

/** A Flux object's dashboard health, coloured and in words. */
export function HealthBadge({ health }: { health: FleetHealth }) {
  return <Badge tone={HEALTH[health].tone}>{HEALTH[health].label}</Badge>;
}
