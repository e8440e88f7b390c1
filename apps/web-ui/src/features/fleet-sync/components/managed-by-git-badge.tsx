import { Badge } from '../../../components/badge';
import type { ManagedByGit } from '../api/managed-by-git';

/** In a table row: the object is declared in git (the file in the tooltip); its dialog says more. */
export function ManagedByGitBadge({ managedBy }: { managedBy: ManagedByGit | null | undefined }) {
  if (!managedBy) return null;
  return (
    <span title={`Declared in ${managedBy.file}, applied by FleetSync ${managedBy.fleetSyncNamespace}/${managedBy.fleetSyncName}`}>
      <Badge tone="neutral">managed by git</Badge>
    </span>
  );
}
