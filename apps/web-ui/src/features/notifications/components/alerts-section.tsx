import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import styles from '../../../components/table.module.css';
import { TextField } from '../../../components/text-field';
import { TextareaField } from '../../../components/textarea-field';
import { useCan } from '../../../lib/auth/use-can';
import type { AlertMode } from '../../../lib/graphql/operation-types.gen';
import { useCreateAlert } from '../api/create-alert';
import { useAlerts, type Alert } from '../api/list-alerts';
import { useProviders } from '../api/list-providers';
import { splitList } from './split-list';
import { DeleteNotificationButton } from './delete-notification-button';

const SOURCE_KINDS = [
  'Kustomization',
  'GitRepository',
  'HelmRelease',
  'OCIRepository',
  'HelmRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
];

const clustersOf = (a: Alert): string => {
  const parts = [a.clusterSelector.labels, ...a.clusterSelector.names].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every cluster';
};

export function AlertsSection() {
  const alerts = useAlerts();
  const canManage = useCan('notifications:manage');
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title="Alerts"
      bodyless
      actions={canManage ? <Button onClick={() => setAdding(true)}>Add alert</Button> : undefined}
    >
      {alerts.isPending ? (
        <SkeletonRows />
      ) : alerts.isError ? (
        <div style={{ padding: 16 }}>
          <ErrorAlert error={alerts.error} title="Could not load alerts" />
        </div>
      ) : alerts.data.length === 0 ? (
        <EmptyState icon="✉" title="No alerts">
          An Alert picks events of Flux objects on the clusters it selects and sends them to a Provider.
        </EmptyState>
      ) : (
        <div className={styles.wrap}>
          <table className={styles.table} aria-label="Alerts">
            <thead>
              <tr>
                <th>Name</th>
                <th>Provider</th>
                <th>Events</th>
                <th>Clusters</th>
                <th>Noise control</th>
                {canManage && (
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {alerts.data.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.namespace}/{a.name} {a.suspend && <Badge tone="neutral">Suspended</Badge>}
                  </td>
                  <td>{a.providerName}</td>
                  <td>
                    {a.eventSeverity === 'error' ? 'errors of ' : 'all events of '}
                    {a.eventSources.map((s) => `${s.kind}/${s.name}`).join(', ')}
                  </td>
                  <td>{clustersOf(a)}</td>
                  <td>
                    {a.mode === 'STATE_CHANGE'
                      ? 'state changes only'
                      : 'every event, duplicates within 5m dropped'}
                    {a.groupWindowSeconds > 0 && `; grouped over ${a.groupWindowSeconds}s`}
                  </td>
                  {canManage && (
                    <td>
                      <DeleteNotificationButton kind="alert" id={a.id} name={a.name} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateAlertDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

const empty = {
  name: '',
  providerId: '',
  eventSeverity: 'info',
  kind: 'Kustomization',
  sourceName: '*',
  clusterLabels: '',
  clusterNames: '',
  mode: 'EVERY' as AlertMode,
  groupWindowSeconds: '0',
  inclusion: '',
  exclusion: '',
};

function CreateAlertDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateAlert();
  const providers = useProviders();
  const [form, setForm] = useState(empty);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: form.name,
        providerId: form.providerId || (providers.data?.[0]?.id ?? ''),
        eventSeverity: form.eventSeverity,
        eventSources: [{ kind: form.kind, name: form.sourceName }],
        clusterSelector: { labels: form.clusterLabels || null, names: splitList(form.clusterNames) },
        mode: form.mode,
        groupWindowSeconds: Number(form.groupWindowSeconds) || 0,
        inclusionList: splitList(form.inclusion),
        exclusionList: splitList(form.exclusion),
      },
      {
        onSuccess: () => {
          setForm(empty);
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
      title="Add alert"
      footer={
        <Button variant="primary" type="submit" form="create-alert" disabled={create.isPending}>
          Add alert
        </Button>
      }
    >
      <form id="create-alert" onSubmit={submit}>
        <TextField label="Name" value={form.name} onChange={set('name')} required />
        <SelectField label="Provider" value={form.providerId} onChange={set('providerId')}>
          {(providers.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.namespace}/{p.name} ({p.type})
            </option>
          ))}
        </SelectField>
        <SelectField label="Severity" value={form.eventSeverity} onChange={set('eventSeverity')}>
          <option value="info">info (every event)</option>
          <option value="error">error (errors only)</option>
        </SelectField>
        <SelectField label="Source kind" value={form.kind} onChange={set('kind')}>
          {SOURCE_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </SelectField>
        <TextField
          label="Source name"
          hint="A name, or * for every object of the kind."
          value={form.sourceName}
          onChange={set('sourceName')}
          required
        />
        <TextField
          label="Cluster labels"
          hint="A label selector, e.g. env=prod; empty with no names takes every cluster."
          value={form.clusterLabels}
          onChange={set('clusterLabels')}
        />
        <TextField
          label="Cluster names"
          hint="Comma-separated."
          value={form.clusterNames}
          onChange={set('clusterNames')}
        />
        <SelectField label="Mode" value={form.mode} onChange={set('mode')}>
          <option value="EVERY">Every event (identical ones once per 5 minutes)</option>
          <option value="STATE_CHANGE">State changes only (failing, then recovered)</option>
        </SelectField>
        <TextField
          label="Grouping window (seconds)"
          type="number"
          min={0}
          max={3600}
          value={form.groupWindowSeconds}
          onChange={set('groupWindowSeconds')}
        />
        <TextareaField
          label="Include messages matching"
          hint="One regular expression per line."
          value={form.inclusion}
          onChange={set('inclusion')}
        />
        <TextareaField
          label="Exclude messages matching"
          hint="One regular expression per line; exclusion wins."
          value={form.exclusion}
          onChange={set('exclusion')}
        />
        {create.isError && <ErrorAlert error={create.error} title="Could not add the alert" />}
      </form>
    </Dialog>
  );
}
