import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { useProposeFleetDelete } from '../api/propose-fleet-delete';
import type { ManagedByGit } from '../api/managed-by-git';

/**
 * Delete, for an object a FleetSync made: the hub refuses deleting it by hand (the next revision would bring it
 * back), so this proposes removing its document from its file instead and opens the new proposal. Shown to
 * those who may delete that kind (the mutation needs the role of the kind's own delete: admins, operators for
 * the image kinds).
 */
export function ProposeDeletion({ kind, id, name, managedBy, size }: { kind: string; id: string; name: string; managedBy: ManagedByGit; size?: 'sm' }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const propose = useProposeFleetDelete();
  return (
    <>
      <Button size={size} variant={size ? 'ghost' : 'dangerOutline'} aria-label={`Propose deletion of ${name}`} onClick={() => setOpen(true)}>
        Propose deletion
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Propose deleting ${kind} ${name}?`}
        confirmLabel="Propose deletion in git"
        mutation={propose}
        variables={{ kind, id }}
        successToast={`Deletion of ${kind} ${name} proposed in git.`}
        onDone={(p) => navigate(`/proposals/${p.id}`)}
        errorTitle={`Could not propose deleting the ${kind}`}
      >
        <p style={{ margin: 0 }}>
          Nothing is deleted now: the removal of its document from <code>{managedBy.file}</code> (the file, when it declares nothing else) is committed on a new branch, and the FleetSync deletes the {kind} once the proposal is approved and merged.
        </p>
      </ConfirmDialog>
    </>
  );
}

/**
 * The delete button of a hub object: Delete for the hub's own objects, Propose deletion for a FleetSync's. `sm`
 * is the small button of a table row or card (named after the object); without it, a page header's button.
 */
export function DeleteOrProposeDeletion({ kind, id, name, managedBy, onDelete, size }: { kind: string; id: string; name: string; managedBy: ManagedByGit | null | undefined; onDelete: () => void; size?: 'sm' }) {
  if (managedBy) return <ProposeDeletion kind={kind} id={id} name={name} managedBy={managedBy} size={size} />;
  if (!size) {
    return (
      <Button variant="dangerOutline" onClick={onDelete}>
        Delete
      </Button>
    );
  }
  return (
    <Button size="sm" variant="ghost" aria-label={`Delete ${name}`} onClick={onDelete}>
      Delete
    </Button>
  );
}
