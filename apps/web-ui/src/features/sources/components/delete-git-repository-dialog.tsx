import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { isApiError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
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
  const close = () => {
    mutation.reset();
    onClose();
  };
  const conflict = isApiError(mutation.error, 'CONFLICT');
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      title={`Delete source ${source.name}?`}
      description="The hub stops fetching it and removes its artifacts."
      footer={
        <>
          <Button onClick={close} disabled={mutation.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={mutation.isPending}
            onClick={() =>
              mutation.mutate(source.id, {
                onSuccess: () => {
                  showToast(`Source ${source.name} deleted.`);
                  onDeleted();
                },
              })
            }
          >
            Delete source
          </Button>
        </>
      }
    >
      {source.kustomizations.length > 0 && !mutation.error && (
        <p style={{ margin: 0 }}>
          Used by {source.kustomizations.map((k) => k.name).join(', ')}. The hub refuses to delete a source
          that Kustomizations still use.
        </p>
      )}
      {mutation.error && (
        <ErrorAlert
          error={mutation.error}
          title={conflict ? 'This source is still in use' : 'Could not delete the source'}
        />
      )}
    </Dialog>
  );
}
