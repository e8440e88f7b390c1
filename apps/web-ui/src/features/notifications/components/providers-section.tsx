import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import styles from '../../../components/table.module.css';
import { TextField } from '../../../components/text-field';
import { useCan } from '../../../lib/auth/use-can';
import { useCreateProvider } from '../api/create-provider';
import { useAttempts } from '../api/list-attempts';
import { useProviders, type NotificationProvider } from '../api/list-providers';
import { useSendTestNotification } from '../api/send-test-notification';
import { DeleteNotificationButton } from './delete-notification-button';

export const PROVIDER_TYPES = [
  'slack',
  'msteams',
  'discord',
  'googlechat',
  'mattermost',
  'rocket',
  'generic',
  'generic-hmac',
  'alertmanager',
  'pagerduty',
  'opsgenie',
  'telegram',
  'github',
  'gitlab',
  'gitea',
  'bitbucket',
] as const;

export function ProvidersSection() {
  const providers = useProviders();
  const canManage = useCan('notifications:manage');
  const [adding, setAdding] = useState(false);
  const [logOf, setLogOf] = useState<NotificationProvider | null>(null);
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
                <ProviderRow key={p.id} provider={p} onLog={() => setLogOf(p)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateProviderDialog open={adding} onClose={() => setAdding(false)} />
      {logOf && <DeliveryLogDialog provider={logOf} onClose={() => setLogOf(null)} />}
    </Card>
  );
}

function ProviderRow({ provider: p, onLog }: { provider: NotificationProvider; onLog: () => void }) {
  const test = useSendTestNotification();
  const canTest = useCan('gitops:write');
  const canManage = useCan('notifications:manage');
  return (
    <tr>
      <td>
        {p.namespace}/{p.name}
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
        </Button>
        {canManage && <DeleteNotificationButton kind="provider" id={p.id} name={p.name} />}
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

function CreateProviderDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateProvider();
  const [form, setForm] = useState({
    name: '',
    type: 'slack',
    address: '',
    channel: '',
    username: '',
    proxy: '',
    secretAddress: '',
    token: '',
    secretProxy: '',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const secret =
      form.secretAddress || form.token || form.secretProxy
        ? {
            ...(form.secretAddress ? { address: form.secretAddress } : {}),
            ...(form.token ? { token: form.token } : {}),
            ...(form.secretProxy ? { proxy: form.secretProxy } : {}),
          }
        : null;
    create.mutate(
      {
        name: form.name,
        type: form.type,
        address: form.address || null,
        channel: form.channel || null,
        username: form.username || null,
        proxy: form.proxy || null,
        secret,
      },
      {
        onSuccess: () => {
          setForm({
            name: '',
            type: 'slack',
            address: '',
            channel: '',
            username: '',
            proxy: '',
            secretAddress: '',
            token: '',
            secretProxy: '',
          });
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      locked={create.isPending}
      title="Add provider"
      description="Secrets are stored encrypted and never shown again."
      footer={
        <Button variant="primary" type="submit" form="create-provider" disabled={create.isPending}>
          Add provider
        </Button>
      }
    >
      <form id="create-provider" onSubmit={submit}>
        <TextField label="Name" value={form.name} onChange={set('name')} required />
        <SelectField label="Type" value={form.type} onChange={set('type')}>
          {PROVIDER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Address"
          hint="The webhook URL, or the repository URL for commit statuses. A URL holding a key belongs in the secret address."
          value={form.address}
          onChange={set('address')}
        />
        <TextField
          label="Channel"
          hint="The routing key for pagerduty, the chat id for telegram."
          value={form.channel}
          onChange={set('channel')}
        />
        <TextField label="Username" value={form.username} onChange={set('username')} />
        <TextField
          label="Proxy"
          hint="http(s)://host:port without credentials; a proxy with user:password belongs in the secret proxy."
          value={form.proxy}
          onChange={set('proxy')}
        />
        <TextField
          label="Secret address"
          type="password"
          autoComplete="off"
          value={form.secretAddress}
          onChange={set('secretAddress')}
        />
        <TextField
          label="Token"
          type="password"
          autoComplete="off"
          hint="API token, bot token or HMAC key, by type."
          value={form.token}
          onChange={set('token')}
        />
        <TextField
          label="Secret proxy"
          type="password"
          autoComplete="off"
          hint="http(s)://user:password@host:port; used instead of the proxy above."
          value={form.secretProxy}
          onChange={set('secretProxy')}
        />
        {create.isError && <ErrorAlert error={create.error} title="Could not add the provider" />}
      </form>
    </Dialog>
  );
}
