import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { showToast } from '../../../lib/toast-store';
import { useRevokeClusterCredential } from '../api/revoke-cluster-credential';

export function RevokeCredentialDialog({
  open,
  onClose,
  cluster,
}: {
  open: boolean;
  onClose: () => void;
  cluster: { id: string; name: string };
}) {
  const mutation = useRevokeClusterCredential();
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      title={`Revoke the credential of ${cluster.name}?`}
      footer={
        <>
          <Button onClick={close} disabled={mutation.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={mutation.isPending}
            onClick={() =>
              mutation.mutate(cluster.id, {
                onSuccess: () => {
                  showToast(`Credential of ${cluster.name} revoked.`);
                  close();
                },
              })
            }
          >
            Revoke credential
          </Button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        The hub drops the agent's connection at once and refuses it from now on; the agent exits with an
        error. The cluster and its labels stay. To reconnect it later, issue a new registration token.
      </p>
      {mutation.error && <ErrorAlert error={mutation.error} title="Could not revoke" />}
    </Dialog>
  );
}
