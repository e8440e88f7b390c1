import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import styles from '../../../components/table.module.css';
import { useCan } from '../../../lib/auth/use-can';
import { useAttempts } from '../api/list-attempts';
import { useProviders, type NotificationProvider } from '../api/list-providers';
import { useSendTestNotification } from '../api/send-test-notification';
import { DeleteNotificationButton } from './delete-notification-button';
import { ProviderFormDialog } from './provider-form-dialog';
import { SuspendButton } from '../../flux-objects/components/suspend-button';
import { notificationKeys } from '../api/notification-keys';
import { ManagedByGitBadge } from '../../fleet-sync/components/managed-by-git-badge';
import { ProposeDeletion } from '../../fleet-sync/components/propose-deletion';

export function ProvidersSection() {
  const providers = useProviders();
  const canManage = useCan('notifications:manage');
  const [adding, setAdding] = useState(false);
  const [logOf, setLogOf] = useState<NotificationProvider | null>(null);
  const [editing, setEditing] = useState<NotificationProvider | null>(null);
  const [proposing, setProposing] = useState<NotificationProvider | null>(null);
  const navigate = useNavigate();
  return (
    <Card
      title="Providers"
      bodyless
      actions={canManage ? <Button onClick={() => setAdding(true)}>Add provider</Button> : undefined}
    >
      {providers.isPending ? (
        <SkeletonRows />
      ) : providers.isError ? (
        <div style={{ padding: 16 }}>
          <ErrorAlert error={providers.error} title="Could not load providers" />
        </div>
      ) : providers.data.length === 0 ? (
        <EmptyState icon="✉" title="No providers">
          A Provider is where Alerts send messages: a chat webhook, an incident service, or a forge for commit
          statuses.
        </EmptyState>
      ) : (
        <div className={styles.wrap}>
          <table className={styles.table} aria-label="Providers">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Address</th>
                <th>Secret</th>
                <th>Ready</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {providers.data.map((p) => (
                <ProviderRow key={p.id} provider={p} onLog={() => setLogOf(p)} onEdit={() => setEditing(p)} onPropose={() => setProposing(p)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && <ProviderFormDialog onClose={() => setAdding(false)} />}
      {editing && <ProviderFormDialog existing={editing} onClose={() => setEditing(null)} />}
      {proposing && (
        <ProviderFormDialog
          existing={proposing}
          onClose={() => setProposing(null)}
          proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }}
        />
      )}
      {logOf && <DeliveryLogDialog provider={logOf} onClose={() => setLogOf(null)} />}
    </Card>
  );
}

function ProviderRow({
  provider: p,
  onLog,
  onEdit,
  onPropose,
}: {
  provider: NotificationProvider;
  onLog: () => void;
  onEdit: () => void;
  onPropose: () => void;
}) {
  const test = useSendTestNotification();
  const canTest = useCan('gitops:write');
  const canManage = useCan('notifications:manage');
  return (
    <tr>
      <td>
        {p.namespace}/{p.name} <ManagedByGitBadge managedBy={p.managedBy} />
      </td>
      <td>{p.type}</td>
      <td>{p.address ?? (p.secretKeys.includes('address') ? '(in the secret)' : '—')}</td>
      <td>{p.secretKeys.length ? p.secretKeys.join(', ') : 'none'}</td>
      <td>
        {p.suspend ? (
          <Badge tone="neutral">Suspended</Badge>
        ) : p.ready ? (
          <Badge tone="success">Ready</Badge>
        ) : (
          <Badge tone="danger">Not ready</Badge>
        )}
        {p.message && <div>{p.message}</div>}
      </td>
      <td>
        {canTest && (
          <Button
            size="sm"
            onClick={() => test.mutate(p.id)}
            disabled={test.isPending}
            aria-label={`Send test notification to ${p.name}`}
          >
            {test.isSuccess ? 'Test queued' : 'Send test'}
          </Button>
        )}{' '}
        <Button size="sm" variant="ghost" onClick={onLog} aria-label={`Delivery log of ${p.name}`}>
          Delivery log
        </Button>{' '}
        <SuspendButton kind="Provider" id={p.id} name={p.name} suspended={p.suspend} invalidate={() => [notificationKeys.providers()]} />
        {canManage && (
          <>
            {p.managedBy && (
              <>
                <Button size="sm" variant="ghost" onClick={onPropose} aria-label={`Propose a change to ${p.name}`}>
                  Propose a change
                </Button>{' '}
              </>
            )}
            <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`${p.managedBy ? 'Secret of' : 'Edit'} ${p.name}`}>
              {p.managedBy ? 'Secret' : 'Edit'}
            </Button>{' '}
            {p.managedBy ? (
              <ProposeDeletion kind="Provider" id={p.id} name={p.name} managedBy={p.managedBy} size="sm" />
            ) : (
              <DeleteNotificationButton kind="provider" id={p.id} name={p.name} />
            )}
          </>
        )}
        {test.isError && <ErrorAlert error={test.error} title="Could not queue the test" />}
      </td>
    </tr>
  );
}

function DeliveryLogDialog({ provider, onClose }: { provider: NotificationProvider; onClose: () => void }) {
  const attempts = useAttempts(provider.id);
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delivery log of ${provider.name}`}
      description="Every attempt, newest first: the answer, how long it took, and what became of the message."
      wide
    >
      {attempts.isPending ? (
        <SkeletonRows />
      ) : attempts.isError ? (
        <ErrorAlert error={attempts.error} title="Could not load the delivery log" />
      ) : attempts.data.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <table className={styles.table} aria-label={`Delivery attempts of ${provider.name}`}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Message</th>
              <th>Answer</th>
              <th>Latency</th>
              <th>Message state</th>
            </tr>
          </thead>
          <tbody>
            {attempts.data.map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.at).toLocaleString()}</td>
                <td>{a.summary}</td>
                <td>{a.error ?? `HTTP ${a.statusCode ?? ''}`}</td>
                <td>{a.latencyMs} ms</td>
                <td>{a.deliveryState}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
