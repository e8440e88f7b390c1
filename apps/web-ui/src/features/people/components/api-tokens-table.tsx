import { useState } from 'react';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { RelativeTime } from '../../../components/relative-time';
import { ROLE_LABEL } from '../../../lib/auth/authorization';
import { useNow } from '../../../lib/use-now';
import type { ApiToken } from '../api/people-types';
import { useRevokeApiToken } from '../api/revoke-api-token';
import styles from '../../../components/table.module.css';

function TokenState({ token, now }: { token: ApiToken; now: Date }) {
  if (token.revokedAt) return <Badge tone="neutral">Revoked</Badge>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime())
    return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

/** API tokens without their values (the hub never returns them after creation), each revocable. */
export function ApiTokensTable({ tokens, showOwner }: { tokens: readonly ApiToken[]; showOwner?: boolean }) {
  const now = useNow();
  const revoke = useRevokeApiToken();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showOwner && <th scope="col">Owner</th>}
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col" className={styles.hideSm}>
              Created
            </th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-token={t.name}>
              <td className={styles.name}>{t.name}</td>
              {showOwner && <td>{t.username}</td>}
              <td>{ROLE_LABEL[t.role]}</td>
              <td>
                <TokenState token={t} now={now} />
              </td>
              <td className={[styles.nowrap, styles.hideSm].join(' ')}>
                <RelativeTime value={t.createdAt} />
              </td>
              <td className={styles.nowrap}>
                <RelativeTime value={t.expiresAt} fallback="never" />
              </td>
              <td className={styles.nowrap}>
                <RelativeTime value={t.lastUsedAt} fallback="never" />
              </td>
              <td className={styles.num}>
                {!t.revokedAt && (
                  <Button
                    size="sm"
                    variant="dangerOutline"
                    onClick={() => setRevoking(t)}
                    aria-label={`Revoke ${t.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking && (
        <ConfirmDialog
          open
          onClose={() => setRevoking(null)}
          title={`Revoke ${revoking.name}?`}
          description="Scripts using it are refused from their next request. This cannot be undone."
          confirmLabel="Revoke token"
          mutation={revoke}
          variables={revoking.id}
          successToast={`Token ${revoking.name} revoked`}
          errorTitle="Could not revoke the token"
        />
      )}
    </div>
  );
}
