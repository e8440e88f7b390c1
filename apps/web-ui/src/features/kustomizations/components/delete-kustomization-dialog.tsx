import { ConfirmDialog } from '../../../components/confirm-dialog';
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
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={`Delete Kustomization ${k.name}?`}
      confirmLabel="Delete Kustomization"
      mutation={useDeleteKustomization()}
      variables={k.id}
      successToast={`Kustomization ${k.name} deleted.`}
      onDone={onDeleted}
      errorTitle="Could not delete the Kustomization"
    >
      <p style={{ margin: 0 }}>
        {k.prune
          ? `It leaves the assignments of ${k.clusters.length} cluster(s), and because prune is on, each agent deletes the objects it applied.`
          : `It leaves the assignments of ${k.clusters.length} cluster(s). Prune is off: the applied objects stay in the clusters.`}
      </p>
    </ConfirmDialog>
  );
}
