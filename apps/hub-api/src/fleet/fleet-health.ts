import { registerEnumType } from '@nestjs/graphql';

/**
 * An object's health on the fleet dashboard: its state (ready, progressing, failing, suspended), except that a
 * failing object whose Stalled condition is True is "stalled". Postgres computes it (flux_objects.health).
 */
export const FLEET_HEALTHS = ['ready', 'progressing', 'failing', 'stalled', 'suspended'] as const;
export type FleetHealth = (typeof FLEET_HEALTHS)[number];

export const FleetHealthEnum = {
  READY: 'ready',
  PROGRESSING: 'progressing',
  FAILING: 'failing',
  STALLED: 'stalled',
  SUSPENDED: 'suspended',
} as const;
registerEnumType(FleetHealthEnum, {
  name: 'FleetHealth',
  description:
    'SUSPENDED when spec.suspend is true; STALLED when Ready=False and Stalled=True (it will not progress until its spec or source changes); FAILING when Ready=False otherwise; READY when Ready=True; PROGRESSING otherwise.',
});
