import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/text-field';
import type { Role } from '../../../lib/auth/viewer';
import { isApiError } from '../../../lib/api-error';
import { useCreateUser } from '../api/create-user';
import { OneTimeSecret } from './one-time-secret';
import { RoleSelect } from './role-select';

/** A new user: the hub generates a one-time password (shown once here) unless the admin sets one. */
export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const mutation = useCreateUser();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role | null>('VIEWER');
  const [choose, setChoose] = useState(false);
  const [password, setPassword] = useState('');
  const close = () => {
    mutation.reset();
    setUsername('');
    setRole('VIEWER');
    setChoose(false);
    setPassword('');
    onClose();
  };
  const result = mutation.data;
  const fieldError = (field: string) =>
    isApiError(mutation.error) && mutation.error.field === field ? mutation.error.message : null;
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      title={result ? `${result.user.username} can sign in` : 'Add user'}
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
            <Button variant="primary" type="submit" form="create-user-form" busy={mutation.isPending}>
              Add user
            </Button>
          </>
        )
      }
    >
      {result ? (
        result.oneTimePassword ? (
          <OneTimeSecret
            label="Initial password"
            value={result.oneTimePassword}
            hint={`Give this password to ${result.user.username}; they can change it under Account.`}
          />
        ) : (
          <p style={{ margin: 0 }}>They sign in with the password you set.</p>
        )
      ) : (
        <form
          id="create-user-form"
          onSubmit={(e) => {
            e.preventDefault();
            mutation.mutate({ username, role, password: choose ? password : null });
          }}
          style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
        >
          <TextField
            label="Username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            hint="Lowercase letters, digits, . _ - @"
            error={fieldError('input.username')}
            autoComplete="off"
            required
          />
          <RoleSelect<Role | null>
            label="Role"
            value={role}
            onChange={setRole}
            allowNone
            hint="On the whole fleet; with none, they get only what their teams grant"
          />
          <CheckboxField label="Set the password myself" checked={choose} onChange={setChoose} />
          {choose && (
            <TextField
              label="Password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              hint="8 to 1024 characters, not the username"
              error={fieldError('input.password')}
              autoComplete="new-password"
              required
            />
          )}
        </form>
      )}
      {mutation.error && !fieldError('input.username') && !fieldError('input.password') && (
        <ErrorAlert error={mutation.error} title="Could not add the user" />
      )}
    </Dialog>
  );
}
