import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { authKeys } from '../../../lib/auth/viewer';
import { showToast } from '../../../lib/toast-store';
import { useChangeOwnPassword } from '../api/change-own-password';

/** The viewer's own password: the current one is required; their other sessions end. */
export function ChangePasswordForm() {
  const mutation = useChangeOwnPassword();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat !== '' && repeat !== next ? 'The passwords differ' : null;
  const fieldError = (field: string) =>
    isApiError(mutation.error) && mutation.error.field === field ? mutation.error.message : null;
  return (
    <form
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        if (mismatch) return;
        mutation.mutate(
          { currentPassword: current, newPassword: next },
          {
            onSuccess: () => {
              setCurrent('');
              setNext('');
              setRepeat('');
              showToast('Password changed; your other sessions have ended');
              // A required change is now done: the viewer says so and the other pages open.
              void queryClient.invalidateQueries({ queryKey: authKeys.viewer() });
            },
          },
        );
      }}
      style={{ display: 'flex', flexDirection: 'column', gap: 12, maxWidth: 420 }}
    >
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={fieldError('currentPassword')}
        required
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        hint="8 to 1024 characters, not your username"
        error={fieldError('newPassword')}
        required
      />
      <TextField
        label="Repeat new password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={mismatch}
        required
      />
      {mutation.error && !fieldError('currentPassword') && !fieldError('newPassword') && (
        <ErrorAlert error={mutation.error} title="Could not change the password" />
      )}
      <div>
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
