import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { SkeletonRows } from '../../../components/layout';
import { useApiTokens } from '../api/list-api-tokens';
import type { UserAccount } from '../api/people-types';
import { ApiTokensTable } from './api-tokens-table';

/** An admin's view of one user's API tokens, each revocable. */
export function UserTokensDialog({ user, onClose }: { user: UserAccount; onClose: () => void }) {
  const tokens = useApiTokens(user.id);
  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={`API tokens of ${user.username}`}
      footer={
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      }
    >
      {tokens.isPending ? (
        <SkeletonRows rows={2} />
      ) : tokens.isError ? (
        <ErrorAlert error={tokens.error} title="Could not load the tokens" />
      ) : tokens.data.length > 0 ? (
        <ApiTokensTable tokens={tokens.data} />
      ) : (
        <p style={{ margin: 0 }}>{user.username} has no API tokens.</p>
      )}
    </Dialog>
  );
}
