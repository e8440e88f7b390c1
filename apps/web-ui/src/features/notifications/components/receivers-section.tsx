import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, ErrorAlert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { CopyBlock } from '../../../components/copy-block';
import { Dialog } from '../../../components/dialog';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import styles from '../../../components/table.module.css';
import { TextField } from '../../../components/text-field';
import { useCan } from '../../../lib/auth/use-can';
import { useCreateReceiver } from '../api/create-receiver';
import { useReceivers, type Receiver } from '../api/list-receivers';
import { splitList } from './split-list';
import { ReceiverMatchLabels } from './receiver-match-labels';
import { parseResources } from './receiver-resources';
import type { KeyValueRow } from '../../../lib/kubernetes/label-validation';
import { EditReceiverDialog } from './edit-receiver-dialog';
import { NotificationFormDialog } from './notification-form-dialog';
import { gcrInput, ReceiverTypeFields, type ReceiverTypeState } from './receiver-type-fields';
import { serverFieldError } from './server-field-error';
import { DeleteNotificationButton } from './delete-notification-button';
import { SuspendButton } from '../../flux-objects/components/suspend-button';
import { notificationKeys } from '../api/notification-keys';
import { ManagedByGitBadge } from '../../fleet-sync/components/managed-by-git-badge';
import { ProposeDeletion } from '../../fleet-sync/components/propose-deletion';
import { EditOrProposeButton } from '../../fleet-sync/components/edit-or-propose-button';

export function ReceiversSection() {
  const receivers = useReceivers();
  const canManage = useCan('notifications:manage');
  // Operators of the whole fleet suspend and resume (as `flux suspend`); admins also edit and delete.
  const canSuspend = useCan('fleet:suspend');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Receiver | null>(null);
  const navigate = useNavigate();
  return (
    <Card
      title="Receivers"
      bodyless
      actions={canManage ? <Button onClick={() => setAdding(true)}>Add receiver</Button> : undefined}
    >
      {receivers.isPending ? (
        <SkeletonRows />
      ) : receivers.isError ? (
        <div style={{ padding: 16 }}>
          <ErrorAlert error={receivers.error} title="Could not load receivers" />
        </div>
      ) : receivers.data.length === 0 ? (
        <EmptyState icon="✉" title="No receivers">
          A Receiver is a webhook a git push or an image push calls to reconcile at once instead of at the
          next interval.
        </EmptyState>
      ) : (
        <div className={styles.wrap}>
          <table className={styles.table} aria-label="Receivers">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Reconciles</th>
                <th>Webhook path</th>
                <th>Last request</th>
                {(canManage || canSuspend) && (
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {receivers.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.namespace}/{r.name} {r.suspend && <Badge tone="neutral">Suspended</Badge>} <ManagedByGitBadge managedBy={r.managedBy} />
                  </td>
                  <td>
                    {r.type}
                    {r.events.length > 0 && ` (${r.events.join(', ')})`}
                  </td>
                  <td>
                    {r.resources
                      .map(
                        (x) =>
                          `${x.kind}/${x.name}${x.matchLabels.length ? ` (${x.matchLabels.map((l) => `${l.key}=${l.value}`).join(',')})` : ''}`,
                      )
                      .join(', ')}
                  </td>
                  <td>{r.webhookPath}</td>
                  <td>{r.lastReceivedAt ? new Date(r.lastReceivedAt).toLocaleString() : 'never'}</td>
                  {(canManage || canSuspend) && (
                    <td>
                      <SuspendButton kind="Receiver" id={r.id} name={r.name} suspended={r.suspend} invalidate={() => [notificationKeys.receivers()]} />
                      {canManage && (
                        <>
                          <EditOrProposeButton name={r.name} managedBy={r.managedBy} onClick={() => setEditing(r)} />{' '}
                          {r.managedBy ? (
                            <ProposeDeletion kind="Receiver" id={r.id} name={r.name} managedBy={r.managedBy} size="sm" />
                          ) : (
                            <DeleteNotificationButton kind="receiver" id={r.id} name={r.name} />
                          )}
                        </>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && <CreateReceiverDialog onClose={() => setAdding(false)} />}
      {editing && (
        <EditReceiverDialog
          receiver={editing}
          onClose={() => setEditing(null)}
          proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }}
        />
      )}
    </Card>
  );
}

const empty = { name: '', kind: 'GitRepository', resourceName: '*' };
const emptyType: ReceiverTypeState = { type: 'github', events: 'push', gcrAudience: '', gcrEmail: '' };

/** Adds a Receiver, then shows its URL and generated secret once. */
function CreateReceiverDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateReceiver();
  const [form, setForm] = useState(empty);
  const [typeState, setTypeState] = useState(emptyType);
  const [matchLabels, setMatchLabels] = useState<KeyValueRow[]>([]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = () =>
    create.mutate({
      name: form.name,
      type: typeState.type,
      events: splitList(typeState.events),
      resources: parseResources(`${form.kind}/${form.resourceName}`, matchLabels),
      ...gcrInput(typeState),
    });
  const created = create.data;
  if (created)
    return (
      <Dialog
        open
        onClose={onClose}
        title={`Receiver ${created.receiver.name}`}
        footer={
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        }
      >
        <Alert tone="warning" title="Shown once">
          Give the sender this URL and secret now (GitHub: Payload URL and Secret). The hub keeps the secret
          encrypted and never shows it again.
        </Alert>
        <CopyBlock label="Webhook URL" text={`${window.location.origin}${created.receiver.webhookPath}`} />
        <CopyBlock label="Secret" text={created.token} testId="one-time-secret" />
      </Dialog>
    );
  return (
    <NotificationFormDialog
      formId="create-receiver"
      title="Add receiver"
      submitLabel="Add receiver"
      pending={create.isPending}
      error={create.error}
      errorTitle="Could not add the receiver"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label="Name"
        value={form.name}
        onChange={set('name')}
        error={serverFieldError(create.error, 'name')}
        required
      />
      <ReceiverTypeFields
        value={typeState}
        onChange={(p) => setTypeState((s) => ({ ...s, ...p }))}
        error={create.error}
      />
      <SelectField label="Reconcile kind" value={form.kind} onChange={set('kind')}>
        <option>GitRepository</option>
        <option>Kustomization</option>
        <option>ImageRepository</option>
      </SelectField>
      <TextField
        label="Reconcile name"
        hint="A name, or * for every one in the namespace."
        value={form.resourceName}
        onChange={set('resourceName')}
        error={serverFieldError(create.error, 'resources')}
        required
      />
      <ReceiverMatchLabels rows={matchLabels} onChange={setMatchLabels} error={create.error} />
    </NotificationFormDialog>
  );
}
