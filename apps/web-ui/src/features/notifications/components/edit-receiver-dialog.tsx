import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/text-field';
import type { Receiver } from '../api/list-receivers';
import { useUpdateReceiver } from '../api/update-receiver';
import { ReceiverTypeFields } from './receiver-type-fields';
import { splitList } from './split-list';

const resourcesText = (r: Receiver): string =>
  r.resources.map((x) => `${x.namespace ? `${x.namespace}/` : ''}${x.kind}/${x.name}`).join(', ');

/** `Kind/name` or `namespace/Kind/name`, comma-separated, as the table shows them. */
function parseResources(text: string): { kind: string; name: string; namespace?: string }[] {
  return splitList(text).map((item) => {
    const parts = item.split('/');
    if (parts.length === 3) return { namespace: parts[0]!, kind: parts[1]!, name: parts[2]! };
    return { kind: parts[0] ?? '', name: parts[1] ?? '' };
  });
}

/**
 * Edits a Receiver's spec. The name is fixed (the webhook path is derived from it), and so is the token: the
 * sender keeps its URL and secret.
 */
export function EditReceiverDialog({ receiver: r, onClose }: { receiver: Receiver; onClose: () => void }) {
  const update = useUpdateReceiver();
  const [form, setForm] = useState({
    type: r.type,
    events: r.events.join(', '),
    resources: resourcesText(r),
    suspend: r.suspend,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      {
        id: r.id,
        input: {
          namespace: r.namespace,
          name: r.name,
          type: form.type,
          events: splitList(form.events),
          resources: parseResources(form.resources),
          suspend: form.suspend,
        },
      },
      { onSuccess: onClose },
    );
  };
  return (
    <Dialog
      open
      onClose={onClose}
      locked={update.isPending}
      title={`Edit receiver ${r.name}`}
      footer={
        <Button variant="primary" type="submit" form="edit-receiver" busy={update.isPending}>
          Save
        </Button>
      }
    >
      <form id="edit-receiver" onSubmit={submit}>
        <ReceiverTypeFields
          type={form.type}
          events={form.events}
          onType={(type) => setForm({ ...form, type })}
          onEvents={(events) => setForm({ ...form, events })}
        />
        <TextField
          label="Reconciles"
          hint="Comma-separated Kind/name (GitRepository or Kustomization; * for every one), optionally namespace/Kind/name."
          value={form.resources}
          onChange={(e) => setForm({ ...form, resources: e.target.value })}
          required
        />
        <CheckboxField
          label="Suspended (requests are answered 503)"
          checked={form.suspend}
          onChange={(suspend) => setForm({ ...form, suspend })}
        />
        {update.isError && <ErrorAlert error={update.error} title="Could not save the receiver" />}
      </form>
    </Dialog>
  );
}
