import { useState } from 'react';
import { CheckboxField } from '../../../components/checkbox-field';
import { TextField } from '../../../components/text-field';
import type { Receiver } from '../api/list-receivers';
import { useUpdateReceiver } from '../api/update-receiver';
import { useProposeReceiverEdit } from '../api/propose-notification-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import { NotificationFormDialog } from './notification-form-dialog';
import { gcrInput, ReceiverTypeFields, type ReceiverTypeState } from './receiver-type-fields';
import { serverFieldError } from './server-field-error';
import { splitList } from './split-list';
import { ReceiverMatchLabels } from './receiver-match-labels';
import { parseResources, resourcesText, wildcardMatchLabels } from './receiver-resources';

/**
 * Edits a Receiver's spec. The name is fixed (the webhook path is derived from it), and so is the token: the
 * sender keeps its URL and secret. One git manages is shown read-only, or, with `proposeInGit`, edited in
 * propose mode: the token is the hub's and never proposed.
 */
export function EditReceiverDialog({ receiver: r, onClose, proposeInGit }: { receiver: Receiver; onClose: () => void; proposeInGit?: ProposeInGit }) {
  const update = useUpdateReceiver();
  const propose = useProposeReceiverEdit();
  const proposing = Boolean(r.managedBy) && proposeInGit !== undefined;
  const mutation = proposing ? propose : update;
  const [typeState, setTypeState] = useState<ReceiverTypeState>({
    type: r.type,
    events: r.events.join(', '),
    gcrAudience: r.gcrAudience ?? '',
    gcrEmail: r.gcrEmail ?? '',
  });
  const [resources, setResources] = useState(resourcesText(r));
  const [matchLabels, setMatchLabels] = useState(() => wildcardMatchLabels(r));
  const [suspend, setSuspend] = useState(r.suspend);
  const submit = () => {
    const vars = {
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
    };
    if (proposing) propose.mutate(vars, { onSuccess: (p) => proposeInGit?.onProposed(p.id) });
    else update.mutate(vars, { onSuccess: onClose });
  };
  return (
    <NotificationFormDialog
      formId="edit-receiver"
      title={proposing ? `Propose a change to receiver ${r.name}` : r.managedBy ? `Receiver ${r.name}` : `Edit receiver ${r.name}`}
      description={proposing ? 'Its token is the hub’s and never goes to git; the sender keeps its URL and secret.' : undefined}
      submitLabel={proposing ? PROPOSE_LABEL : 'Save'}
      pending={mutation.isPending}
      error={mutation.error}
      errorTitle={proposing ? 'Could not propose the change' : 'Could not save the receiver'}
      onClose={onClose}
      onSubmit={submit}
      // Its token is made by the hub, not declared in git: no Secret to give here.
      managedBy={r.managedBy}
      proposing={proposing}
      kind="Receiver"
    >
      <ReceiverTypeFields
        value={typeState}
        onChange={(p) => setTypeState((s) => ({ ...s, ...p }))}
        error={mutation.error}
      />
      <TextField
        label="Reconciles"
        hint="Comma-separated Kind/name (GitRepository, Kustomization or ImageRepository; * for every one), optionally namespace/Kind/name."
        value={resources}
        onChange={(e) => setResources(e.target.value)}
        error={serverFieldError(mutation.error, 'resources')}
        required
      />
      <ReceiverMatchLabels rows={matchLabels} onChange={setMatchLabels} error={mutation.error} />
      <CheckboxField label="Suspended (requests are answered 503)" checked={suspend} onChange={setSuspend} />
    </NotificationFormDialog>
  );
}
