import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { useCreateRegistrationToken } from '../api/create-registration-token';
import { RegistrationTokenResult } from './registration-token-result';
import { DEFAULT_TOKEN_LIFETIME, TokenLifetimeSelect } from './token-lifetime-select';

/** A fresh one-time token for an existing cluster (lost token, revoked credential, agent reinstall). */
export function NewTokenDialog({
  open,
  onClose,
  cluster,
}: {
  open: boolean;
  onClose: () => void;
  cluster: { id: string; name: string };
}) {
  const mutation = useCreateRegistrationToken();
  const [ttlSeconds, setTtlSeconds] = useState(DEFAULT_TOKEN_LIFETIME);
  const close = () => {
    mutation.reset();
    setTtlSeconds(DEFAULT_TOKEN_LIFETIME);
    onClose();
  };
  const result = mutation.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      wide={Boolean(result)}
      locked={mutation.isPending}
      title={result ? `Connect ${cluster.name}` : `New registration token for ${cluster.name}`}
      description={result ? undefined : 'The agent trades this one-time token for a new credential.'}
      footer={
        result ? (
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button
              variant="primary"
              busy={mutation.isPending}
              onClick={() => mutation.mutate({ clusterId: cluster.id, ttlSeconds })}
            >
              Create token
            </Button>
          </>
        )
      }
    >
      {result ? (
        <RegistrationTokenResult result={result} />
      ) : (
        <>
          <p style={{ margin: 0 }}>The token can be used once, within its lifetime.</p>
          <TokenLifetimeSelect value={ttlSeconds} onChange={setTtlSeconds} />
        </>
      )}
      {mutation.error && <ErrorAlert error={mutation.error} title="Could not create the token" />}
    </Dialog>
  );
}
