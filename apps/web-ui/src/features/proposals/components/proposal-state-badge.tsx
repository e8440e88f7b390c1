import { Badge, type BadgeTone } from '../../../components/badge';

const TONE: Record<string, BadgeTone> = {
  open: 'warning',
  approved: 'success',
  merged: 'success',
  rejected: 'danger',
  conflicted: 'danger',
  superseded: 'neutral',
};

export function ProposalStateBadge({ state }: { state: string }) {
  return (
    <span data-proposal-state={state}>
      <Badge tone={TONE[state] ?? 'neutral'}>{state}</Badge>
    </span>
  );
}
