import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import styles from '../../../components/table.module.css';
import { useCan } from '../../../lib/auth/use-can';
import { useAlerts, type Alert } from '../api/list-alerts';
import { AlertFormDialog } from './alert-form-dialog';
import { DeleteNotificationButton } from './delete-notification-button';
import { SuspendButton } from '../../flux-objects/components/suspend-button';
import { notificationKeys } from '../api/notification-keys';
import { ManagedByGitBadge } from '../../fleet-sync/components/managed-by-git-badge';
import { ProposeDeletion } from '../../fleet-sync/components/propose-deletion';
import { EditOrProposeButton } from '../../fleet-sync/components/edit-or-propose-button';

const clustersOf = (a: Alert): string => {
  const parts = [a.clusterSelector.labels, ...a.clusterSelector.names].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every cluster';
};

export function AlertsSection() {
  const alerts = useAlerts();
  const canManage = useCan('notifications:manage');
  // Operators of the whole fleet suspend and resume (as `flux suspend`); admins also edit and delete.
  const canSuspend = useCan('fleet:suspend');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Alert | null>(null);
  const navigate = useNavigate();
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
                {(canManage || canSuspend) && (
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
                    {a.namespace}/{a.name} {a.suspend && <Badge tone="neutral">Suspended</Badge>} <ManagedByGitBadge managedBy={a.managedBy} />
                  </td>
                  <td>{a.providerName}</td>
                  <td>
                    {a.eventSeverity === 'error' ? 'errors of ' : 'all events of '}
                    {a.eventSources
                      .map(
                        (s) =>
                          `${s.kind}/${s.name}${s.matchLabels.length ? ` (${s.matchLabels.map((l) => `${l.key}=${l.value}`).join(',')})` : ''}`,
                      )
                      .join(', ')}
                  </td>
                  <td>{clustersOf(a)}</td>
                  <td>
                    {a.mode === 'STATE_CHANGE'
                      ? 'state changes only'
                      : 'every event, duplicates within 5m dropped'}
                    {a.groupWindowSeconds > 0 && `; grouped over ${a.groupWindowSeconds}s`}
                  </td>
                  {(canManage || canSuspend) && (
                    <td>
                      <SuspendButton kind="Alert" id={a.id} name={a.name} suspended={a.suspend} invalidate={() => [notificationKeys.alerts()]} />
                      {canManage && (
                        <>
                          <EditOrProposeButton name={a.name} managedBy={a.managedBy} onClick={() => setEditing(a)} />{' '}
                          {a.managedBy ? (
                            <ProposeDeletion kind="Alert" id={a.id} name={a.name} managedBy={a.managedBy} size="sm" />
                          ) : (
                            <DeleteNotificationButton kind="alert" id={a.id} name={a.name} />
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
      {adding && <AlertFormDialog onClose={() => setAdding(false)} />}
      {editing && (
        <AlertFormDialog
          existing={editing}
          onClose={() => setEditing(null)}
          proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }}
        />
      )}
    </Card>
  );
}
