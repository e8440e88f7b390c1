import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { rolesUpTo } from '../../../lib/auth/authorization';
import type { Role } from '../../../lib/auth/viewer';
import { useCreateApiToken } from '../api/create-api-token';
import { OneTimeSecret } from './one-time-secret';
import { RoleSelect } from './role-select';

const LIFETIMES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
];

/** A new API token of the viewer's, with their role or a lower one; the value is shown once. */
export function CreateApiTokenDialog({
  open,
  onClose,
  viewerRole,
}: {
  open: boolean;
  onClose: () => void;
  viewerRole: Role;
}) {
  const mutation = useCreateApiToken();
  const [name, setName] = useState('');
  const [ttlDays, setTtlDays] = useState(90);
  const [role, setRole] = useState<Role>(viewerRole);
  const close = () => {
    mutation.reset();
    setName('');
    setTtlDays(90);
    setRole(viewerRole);
    onClose();
  };
  const result = mutation.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      locked={mutation.isPending}
      title={result ? `Token ${result.name}` : 'New API token'}
      description={result ? undefined : 'For scripts and CI: send it as Authorization: Bearer <token>.'}
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
            <Button variant="primary" type="submit" form="create-token-form" busy={mutation.isPending}>
              Create token
            </Button>
          </>
        )
      }
    >
      {result ? (
        <OneTimeSecret
          label="API token"
          value={result.token}
          hint="Store it in your script's secret store now."
        />
      ) : (
        <form
          id="create-token-form"
          onSubmit={(e) => {
            e.preventDefault();
            mutation.mutate({ name, ttlDays, role });
          }}
          style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
        >
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            hint="What it is for, e.g. ci-deploy"
            required
            maxLength={128}
          />
          <SelectField
            label="Expires after"
            value={String(ttlDays)}
            onChange={(e) => setTtlDays(Number(e.target.value))}
          >
            {LIFETIMES.map((l) => (
              <option key={l.days} value={l.days}>
                {l.label}
              </option>
            ))}
          </SelectField>
          <RoleSelect
            label="Role"
            value={role}
            onChange={setRole}
            roles={rolesUpTo(viewerRole)}
            hint="Your role or a lower one; a lower role limits what a leaked token can do."
          />
        </form>
      )}
      {mutation.error && <ErrorAlert error={mutation.error} title="Could not create the token" />}
    </Dialog>
  );
}
