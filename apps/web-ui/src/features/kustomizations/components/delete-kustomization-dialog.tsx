import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { showToast } from '../../../lib/toast-store';
import { useDeleteKustomization } from '../api/delete-kustomization';

export function DeleteKustomizationDialog({
  open,
  onClose,
  onDeleted,
  k,
}: {
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
  k: { id: string; name: string; prune: boolean; clusters: readonly unknown[] };
}) {
  const mutation = useDeleteKustomization();
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      title={`Delete Kustomization ${k.name}?`}
      footer={
        <>
          <Button onClick={close} disabled={mutation.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={mutation.isPending}
            onClick={() =>
              mutation.mutate(k.id, {
                onSuccess: () => {
                  showToast(`Kustomization ${k.name} deleted.`);
                  onDeleted();
                },
              })
            }
          >
            Delete Kustomization
          </Button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        {k.prune
          ? `It leaves the assignments of ${k.clusters.length} cluster(s), and because prune is on, each agent deletes the objects it applied.`
          : `It leaves the assignments of ${k.clusters.length} cluster(s). Prune is off: the applied objects stay in the clusters.`}
      </p>
      {mutation.error && <ErrorAlert error={mutation.error} title="Could not delete the Kustomization" />}
    </Dialog>
  );
}
