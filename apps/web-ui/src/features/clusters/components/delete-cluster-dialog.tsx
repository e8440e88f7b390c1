import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/text-field';
import { showToast } from '../../../lib/toast-store';
import { useDeleteCluster } from '../api/delete-cluster';

/** Deleting is irreversible, so the name must be typed: a misclick cannot do it. */
export function DeleteClusterDialog({
  open,
  onClose,
  onDeleted,
  cluster,
}: {
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
  cluster: { id: string; name: string };
}) {
  const [typed, setTyped] = useState('');
  const mutation = useDeleteCluster();
  const close = () => {
    setTyped('');
    mutation.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      title={`Delete ${cluster.name}?`}
      description="This removes the cluster, its labels, variables and credential from Flotilla. It does not touch the cluster itself."
      footer={
        <>
          <Button onClick={close} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={typed !== cluster.name}
            busy={mutation.isPending}
            onClick={() =>
              mutation.mutate(cluster.id, {
                onSuccess: () => {
                  showToast(`${cluster.name} deleted.`);
                  setTyped('');
                  onDeleted();
                },
              })
            }
          >
            Delete cluster
          </Button>
        </>
      }
    >
      <TextField
        label={
          <>
            Type <code>{cluster.name}</code> to confirm
          </>
        }
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        data-autofocus
        mono
        autoComplete="off"
        spellCheck={false}
      />
      {mutation.error && <ErrorAlert error={mutation.error} title="Could not delete" />}
    </Dialog>
  );
}
