import { useState } from 'react';
import { CheckboxField } from '../../../components/checkbox-field';
import { ForgeProviderFields } from '../../../components/forge-provider-fields';
import { TextField } from '../../../components/text-field';
import { emptyForgeSettings, forgeSettingsFrom, forgeSettingsInput, isForge, type ForgeSettingsState } from '../../../lib/forms/forge-provider';
import { NotificationFormDialog as FormDialog } from '../../notifications/components/notification-form-dialog';
import { serverFieldError } from '../../notifications/components/server-field-error';
import { useCreateFleetSync, useUpdateFleetSync, type FleetSync } from '../api/fleet-syncs';

const empty = { name: '', namespace: '', sourceName: '', sourceNamespace: '', path: './', interval: '10m' };

/**
 * Adds a FleetSync, or with `existing` changes where and how often it reads (its name and namespace identify it
 * and stay) and where its proposed edits are reviewed (a forge's pull request besides the hub). The hub checks
 * every field (names, path inside the repository, interval, the forge's settings) and says which is wrong.
 */
export function FleetSyncDialog({ existing, onClose }: { existing?: FleetSync; onClose: () => void }) {
  const create = useCreateFleetSync();
  const update = useUpdateFleetSync();
  const save = existing ? update : create;
  const [form, setForm] = useState(
    existing
      ? {
          name: existing.name,
          namespace: existing.namespace,
          sourceName: existing.sourceName,
          sourceNamespace: existing.sourceNamespace,
          path: existing.path,
          interval: existing.interval,
        }
      : empty,
  );
  const [prune, setPrune] = useState(existing?.prune ?? true);
  const [forge, setForge] = useState<ForgeSettingsState>(() => (existing ? forgeSettingsFrom(existing) : emptyForgeSettings()));
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const blankIsNull = (v: string) => (v.trim() === '' ? null : v.trim());
  const submit = () => {
    const input = {
      name: form.name.trim(),
      namespace: blankIsNull(form.namespace),
      sourceName: form.sourceName.trim(),
      sourceNamespace: blankIsNull(form.sourceNamespace),
      path: blankIsNull(form.path),
      interval: blankIsNull(form.interval),
      prune,
      ...forgeSettingsInput(forge, isForge(forge.provider) ? forge.provider : null),
    };
    if (existing) update.mutate({ id: existing.id, input }, { onSuccess: onClose });
    else create.mutate(input, { onSuccess: onClose });
  };
  const err = (field: string) => serverFieldError(save.error, field);
  return (
    <FormDialog
      formId={existing ? 'edit-fleet-sync' : 'create-fleet-sync'}
      title={existing ? `Edit FleetSync ${existing.name}` : 'Add FleetSync'}
      description={
        existing
          ? 'It reads the new place at once; objects it made that the new place no longer declares are pruned (with Prune) as for any revision.'
          : 'The YAML files under the path of a hub GitRepository become the hub’s objects, and stay in step with git.'
      }
      submitLabel={existing ? 'Save changes' : 'Add FleetSync'}
      pending={save.isPending}
      error={save.error}
      errorTitle={existing ? 'Could not save the FleetSync' : 'Could not add the FleetSync'}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label="Name"
        value={form.name}
        onChange={set('name')}
        error={err('name')}
        required
        readOnly={existing !== undefined}
        hint={existing ? 'It identifies the FleetSync and cannot change.' : undefined}
      />
      <TextField
        label="Namespace"
        hint={
          existing
            ? 'It identifies the FleetSync and cannot change.'
            : 'Default flotilla-system; also the namespace of documents that name none.'
        }
        value={form.namespace}
        onChange={set('namespace')}
        error={err('namespace')}
        readOnly={existing !== undefined}
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
      <ForgeProviderFields
        state={forge}
        onChange={(patch) => setForge((f) => ({ ...f, ...patch }))}
        fieldError={err}
        hint="Native: a proposed edit of an object it made is reviewed in Flotilla only. A forge also gets a pull request for each."
      />
    </FormDialog>
  );
}
