import { useState } from 'react';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { RelativeTime } from '../../../components/relative-time';
import { describeError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import type { Role } from '../../../lib/auth/viewer';
import type { UserAccount } from '../api/people-types';
import { useDeleteUser } from '../api/delete-user';
import { useSetUserDisabled } from '../api/set-user-disabled';
import { useSetUserRole } from '../api/set-user-role';
import { ResetPasswordDialog } from './reset-password-dialog';
import { RoleSelect } from './role-select';
import { UserTokensDialog } from './user-tokens-dialog';
import styles from '../../../components/table.module.css';

type Open = { kind: 'disable' | 'delete' | 'reset' | 'tokens'; user: UserAccount } | null;

/** Every user with their role (changed in place), state and the admin's actions. */
export function UsersTable({ users, viewerId }: { users: readonly UserAccount[]; viewerId: string }) {
  const setRole = useSetUserRole();
  const setDisabled = useSetUserDisabled();
  const remove = useDeleteUser();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col" className={styles.hideSm}>
              Created
            </th>
            <th scope="col">Last login</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-user={u.username}>
              <td className={styles.name}>
                {u.username}
                {u.id === viewerId && <span className={styles.muted}> (you)</span>}
              </td>
              <td style={{ minWidth: 140 }}>
                <RoleSelect<Role | null>
                  label={`Role of ${u.username}`}
                  hideLabel
                  allowNone
                  value={u.role ?? null}
                  disabled={setRole.isPending}
                  onChange={(role) =>
                    setRole.mutate(
                      { userId: u.id, role },
                      {
                        onSuccess: () => showToast(role ? `${u.username} is now ${role.toLowerCase()}` : `${u.username} now has only their teams' grants`),
                        onError: (err) => showToast(describeError(err), 'error', 8000),
                      },
                    )
                  }
                />
              </td>
              <td className={styles.nowrap}>
                {u.disabled ? <Badge tone="neutral">Disabled</Badge> : <Badge tone="success">Enabled</Badge>}
                {u.passwordChangeRequired && (
                  <span
                    className={styles.muted}
                    title="They hold a generated password and must choose their own at sign-in"
                  >
                    {' '}
                    password to choose
                  </span>
                )}
              </td>
              <td className={[styles.nowrap, styles.hideSm].join(' ')}>
                <RelativeTime value={u.createdAt} />
              </td>
              <td className={styles.nowrap}>
                <RelativeTime value={u.lastLoginAt} fallback="never" />
              </td>
              <td className={[styles.num, styles.nowrap].join(' ')}>
                <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: 'tokens', user: u })}>
                  Tokens
                </Button>{' '}
                <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: 'reset', user: u })}>
                  Reset password
                </Button>{' '}
                {u.disabled ? (
                  <Button
                    size="sm"
                    busy={setDisabled.isPending}
                    onClick={() =>
                      setDisabled.mutate(
                        { userId: u.id, disabled: false },
                        {
                          onSuccess: () => showToast(`${u.username} enabled`),
                          onError: (err) => showToast(describeError(err), 'error', 8000),
                        },
                      )
                    }
                  >
                    Enable
                  </Button>
                ) : (
                  <Button
                    size="sm"
                    variant="dangerOutline"
                    onClick={() => setOpen({ kind: 'disable', user: u })}
                  >
                    Disable
                  </Button>
                )}{' '}
                {u.id !== viewerId && (
                  <Button
                    size="sm"
                    variant="danger"
                    onClick={() => setOpen({ kind: 'delete', user: u })}
                    aria-label={`Delete ${u.username}`}
                  >
                    Delete
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open?.kind === 'disable' && (
        <ConfirmDialog
          open
          onClose={close}
          title={`Disable ${open.user.username}?`}
          description="Their sessions end now and their API tokens are refused until you enable them again."
          confirmLabel="Disable"
          mutation={setDisabled}
          variables={{ userId: open.user.id, disabled: true }}
          successToast={`${open.user.username} disabled`}
          errorTitle="Could not disable the user"
        />
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          open
          onClose={close}
          title={`Delete ${open.user.username}?`}
          description="Their sessions and API tokens go with them; the audit log keeps their name. This cannot be undone."
          confirmLabel="Delete user"
          mutation={remove}
          variables={open.user.id}
          successToast={`${open.user.username} deleted`}
          errorTitle="Could not delete the user"
        />
      )}
      {open?.kind === 'reset' && <ResetPasswordDialog user={open.user} onClose={close} />}
      {open?.kind === 'tokens' && <UserTokensDialog user={open.user} onClose={close} />}
    </div>
  );
}
