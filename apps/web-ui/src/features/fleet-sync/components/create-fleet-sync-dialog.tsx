import { useState } from 'react';
import { CheckboxField } from '../../../components/checkbox-field';
import { TextField } from '../../../components/text-field';
import { NotificationFormDialog as FormDialog } from '../../notifications/components/notification-form-dialog';
import { serverFieldError } from '../../notifications/components/server-field-error';
import { useCreateFleetSync } from '../api/fleet-syncs';

const empty = { name: '', namespace: '', sourceName: '', sourceNamespace: '', path: './', interval: '10m' };

/** Adds a FleetSync; the hub checks every field (names, path inside the repository, interval) and says which is wrong. */
export function CreateFleetSyncDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateFleetSync();
  const [form, setForm] = useState(empty);
  const [prune, setPrune] = useState(true);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const blankIsNull = (v: string) => (v.trim() === '' ? null : v.trim());
  const submit = () =>
    create.mutate(
      {
        name: form.name.trim(),
        namespace: blankIsNull(form.namespace),
        sourceName: form.sourceName.trim(),
        sourceNamespace: blankIsNull(form.sourceNamespace),
        path: blankIsNull(form.path),
        interval: blankIsNull(form.interval),
        prune,
      },
      { onSuccess: onClose },
    );
  const err = (field: string) => serverFieldError(create.error, field);
  return (
    <FormDialog
      formId="create-fleet-sync"
      title="Add FleetSync"
      description="The YAML files under the path of a hub GitRepository become the hub’s objects, and stay in step with git."
      submitLabel="Add FleetSync"
      pending={create.isPending}
      error={create.error}
      errorTitle="Could not add the FleetSync"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField label="Name" value={form.name} onChange={set('name')} error={err('name')} required />
      <TextField
        label="Namespace"
        hint="Default flotilla-system; also the namespace of documents that name none."
        value={form.namespace}
        onChange={set('namespace')}
        error={err('namespace')}
      />
      <TextField
        label="GitRepository"
        hint="The hub GitRepository to read (its credentials are set on it, stored encrypted)."
        value={form.sourceName}
        onChange={set('sourceName')}
        error={err('sourceName')}
        required
      />
      <TextField
        label="GitRepository namespace"
        hint="Default: the FleetSync’s."
        value={form.sourceNamespace}
        onChange={set('sourceNamespace')}
        error={err('sourceNamespace')}
      />
      <TextField
        label="Path"
        hint="A directory of the repository; its subdirectories are read too."
        value={form.path}
        onChange={set('path')}
        error={err('path')}
        mono
      />
      <TextField
        label="Interval"
        hint="How often the path is read again without a new revision (Go duration)."
        value={form.interval}
        onChange={set('interval')}
        error={err('interval')}
        mono
      />
      <CheckboxField
        label="Prune"
        hint="Delete the objects it made that git no longer declares."
        checked={prune}
        onChange={setPrune}
      />
    </FormDialog>
  );
}
