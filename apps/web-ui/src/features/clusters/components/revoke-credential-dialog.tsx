import { ConfirmDialog } from '../../../components/confirm-dialog';
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
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={`Revoke the credential of ${cluster.name}?`}
      confirmLabel="Revoke credential"
      mutation={useRevokeClusterCredential()}
      variables={cluster.id}
      successToast={`Credential of ${cluster.name} revoked.`}
      errorTitle="Could not revoke"
    >
      <p style={{ margin: 0 }}>
        The hub drops the agent's connection at once and refuses it from now on; the agent exits with an
        error. The cluster and its labels stay. To reconnect it later, issue a new registration token.
      </p>
    </ConfirmDialog>
  );
}
