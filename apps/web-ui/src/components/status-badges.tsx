import type { ManagedHealthStatus } from '../lib/graphql/operation-types.gen';
import { Badge, type BadgeTone } from './badge';

// Flux's Ready condition in one badge: True → Ready, False → Not ready, Unknown → Reconciling. The reason
// and message are the tooltip (and the accessible description), so a list stays scannable.
export type ReadyStatus = 'True' | 'False' | 'Unknown' | (string & {});

const LOOK: Record<string, { tone: BadgeTone; label: string }> = {
  True: { tone: 'success', label: 'Ready' },
  False: { tone: 'danger', label: 'Not ready' },
  Unknown: { tone: 'warning', label: 'Reconciling' },
};

export function ReadyBadge({
  ready,
  reason,
  message,
}: {
  ready: ReadyStatus;
  reason?: string | null;
  message?: string | null;
}) {
  const look = LOOK[ready] ?? { tone: 'neutral' as const, label: ready || 'Unknown' };
  const tip = [reason, message].filter(Boolean).join(': ');
  return (
    <span title={tip || undefined} data-ready={ready} aria-label={tip ? `${look.label} — ${tip}` : undefined}>
      <Badge tone={look.tone} pulse={ready === 'Unknown'}>
        {look.label}
        {reason && ready !== 'True' ? ` · ${reason}` : ''}
      </Badge>
    </span>
  );
}

// kstatus's verdict on a live object other than a Flux object (a Deployment available, a Job complete…), as the
// agent computed it; the message is the tooltip, as for Ready.
const HEALTH_LOOK: Record<ManagedHealthStatus, { tone: BadgeTone; label: string }> = {
  CURRENT: { tone: 'success', label: 'Current' },
  IN_PROGRESS: { tone: 'warning', label: 'In progress' },
  FAILED: { tone: 'danger', label: 'Failed' },
  TERMINATING: { tone: 'neutral', label: 'Terminating' },
  UNKNOWN: { tone: 'neutral', label: 'Unknown' },
};

export function WorkloadHealthBadge({
  status,
  message,
}: {
  status: ManagedHealthStatus;
  message?: string | null;
}) {
  const look = HEALTH_LOOK[status];
  return (
    <span
      title={message || undefined}
      data-health={status}
      aria-label={message ? `${look.label} — ${message}` : undefined}
    >
      <Badge tone={look.tone}>{look.label}</Badge>
    </span>
  );
}

export function SuspendedBadge() {
  return (
    <span title="Suspended: the schedule is paused until resumed." data-suspended="true">
      <Badge tone="neutral">Suspended</Badge>
    </span>
  );
}

/** "2/3 Ready" for a Kustomization across its targeted clusters. */
export function ReadySummary({ statuses }: { statuses: readonly { ready: string }[] }) {
  const total = statuses.length;
  const ready = statuses.filter((s) => s.ready === 'True').length;
  const failed = statuses.filter((s) => s.ready === 'False').length;
  const tone: BadgeTone =
    total === 0 ? 'neutral' : failed > 0 ? 'danger' : ready === total ? 'success' : 'warning';
  return (
    <span data-ready-summary={`${ready}/${total}`}>
      <Badge tone={tone}>{total === 0 ? 'No clusters' : `${ready}/${total} Ready`}</Badge>
    </span>
  );
}
