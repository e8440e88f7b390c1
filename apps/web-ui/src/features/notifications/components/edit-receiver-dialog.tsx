import { useState } from 'react';
import { CheckboxField } from '../../../components/checkbox-field';
import { TextField } from '../../../components/text-field';
import type { Receiver } from '../api/list-receivers';
import { useUpdateReceiver } from '../api/update-receiver';
import { NotificationFormDialog } from './notification-form-dialog';
import { gcrInput, ReceiverTypeFields, type ReceiverTypeState } from './receiver-type-fields';
import { serverFieldError } from './server-field-error';
import { splitList } from './split-list';
import { ReceiverMatchLabels } from './receiver-match-labels';
import { parseResources, resourcesText, wildcardMatchLabels } from './receiver-resources';

/**
 * Edits a Receiver's spec. The name is fixed (the webhook path is derived from it), and so is the token: the
 * sender keeps its URL and secret.
 */
export function EditReceiverDialog({ receiver: r, onClose }: { receiver: Receiver; onClose: () => void }) {
  const update = useUpdateReceiver();
  const [typeState, setTypeState] = useState<ReceiverTypeState>({
    type: r.type,
    events: r.events.join(', '),
    gcrAudience: r.gcrAudience ?? '',
    gcrEmail: r.gcrEmail ?? '',
  });
  const [resources, setResources] = useState(resourcesText(r));
  const [matchLabels, setMatchLabels] = useState(() => wildcardMatchLabels(r));
  const [suspend, setSuspend] = useState(r.suspend);
  const submit = () =>
    update.mutate(
      {
        id: r.id,
        input: {
          namespace: r.namespace,
          name: r.name,
          type: typeState.type,
          events: splitList(typeState.events),
          resources: parseResources(resources, matchLabels),
          suspend,
          ...gcrInput(typeState),
        },
      },
      { onSuccess: onClose },
    );
  return (
    <NotificationFormDialog
      formId="edit-receiver"
      title={r.managedBy ? `Receiver ${r.name}` : `Edit receiver ${r.name}`}
      submitLabel="Save"
      pending={update.isPending}
      error={update.error}
      errorTitle="Could not save the receiver"
      onClose={onClose}
      onSubmit={submit}
      // Its token is made by the hub, not declared in git: no Secret to give here.
      managedBy={r.managedBy}
      kind="Receiver"
    >
      <ReceiverTypeFields
        value={typeState}
        onChange={(p) => setTypeState((s) => ({ ...s, ...p }))}
        error={update.error}
      />
      <TextField
        label="Reconciles"
        hint="Comma-separated Kind/name (GitRepository, Kustomization or ImageRepository; * for every one), optionally namespace/Kind/name."
        value={resources}
        onChange={(e) => setResources(e.target.value)}
        error={serverFieldError(update.error, 'resources')}
        required
      />
      <ReceiverMatchLabels rows={matchLabels} onChange={setMatchLabels} error={update.error} />
      <CheckboxField label="Suspended (requests are answered 503)" checked={suspend} onChange={setSuspend} />
    </NotificationFormDialog>
  );
}
