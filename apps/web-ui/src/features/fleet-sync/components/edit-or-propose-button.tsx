import { Button } from '../../../components/button';
import type { ManagedByGit } from '../api/managed-by-git';

/**
 * A table row's edit button: Edit for the hub's own objects; Propose a change for a FleetSync's, whose form then
 * proposes the edit in git.
 */
export function EditOrProposeButton({ name, managedBy, onClick }: { name: string; managedBy: ManagedByGit | null | undefined; onClick: () => void }) {
  return (
    <Button size="sm" variant="ghost" aria-label={`${managedBy ? 'Propose a change to' : 'Edit'} ${name}`} onClick={onClick}>
      {managedBy ? 'Propose a change' : 'Edit'}
    </Button>
  );
}
