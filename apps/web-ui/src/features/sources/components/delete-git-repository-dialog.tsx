import { ConfirmDialog } from '../../../components/confirm-dialog';
import { isApiError } from '../../../lib/api-error';
import { useDeleteGitRepository } from '../api/delete-git-repository';

export function DeleteGitRepositoryDialog({
  open,
  onClose,
  onDeleted,
  source,
}: {
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
  source: { id: string; name: string; kustomizations: readonly { name: string }[] };
}) {
  const mutation = useDeleteGitRepository();
  const conflict = isApiError(mutation.error, 'CONFLICT');
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={`Delete source ${source.name}?`}
      description="The hub stops fetching it and removes its artifacts."
      confirmLabel="Delete source"
      mutation={mutation}
      variables={source.id}
      successToast={`Source ${source.name} deleted.`}
      onDone={onDeleted}
      errorTitle={conflict ? 'This source is still in use' : 'Could not delete the source'}
    >
      {source.kustomizations.length > 0 && !mutation.error && (
        <p style={{ margin: 0 }}>
          Used by {source.kustomizations.map((k) => k.name).join(', ')}. The hub refuses to delete a source
          that Kustomizations still use.
        </p>
      )}
    </ConfirmDialog>
  );
}
