import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import type { UserAccount } from '../api/people-types';
import { useResetUserPassword } from '../api/reset-user-password';
import { OneTimeSecret } from './one-time-secret';

/** Replaces a user's password with a generated one, shown once; their sessions end. */
export function ResetPasswordDialog({ user, onClose }: { user: UserAccount; onClose: () => void }) {
  const mutation = useResetUserPassword();
  const result = mutation.data;
  return (
    <Dialog
      open
      onClose={onClose}
      locked={mutation.isPending}
      title={`Reset the password of ${user.username}`}
      description={
        result
          ? undefined
          : 'The hub generates a new password and ends their sessions. Their API tokens keep working.'
      }
      footer={
        result ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={mutation.isPending} data-autofocus>
              Cancel
            </Button>
            <Button variant="danger" busy={mutation.isPending} onClick={() => mutation.mutate(user.id)}>
              Reset password
            </Button>
          </>
        )
      }
    >
      {result?.oneTimePassword && (
        <OneTimeSecret
          label="New password"
          value={result.oneTimePassword}
          hint={`Give this password to ${user.username}.`}
        />
      )}
      {mutation.error && <ErrorAlert error={mutation.error} title="Could not reset the password" />}
    </Dialog>
  );
}
