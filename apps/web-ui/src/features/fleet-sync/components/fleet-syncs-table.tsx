import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import { RevisionText } from '../../../components/revision-text';
import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import styles from '../../../components/table.module.css';
import { useCan } from '../../../lib/auth/use-can';
import { forgeName } from '../../../lib/forms/forge-provider';
import {
  countsPerKind,
  useDeleteFleetSync,
  useFleetSyncs,
  useReconcileFleetSync,
  type FleetSync,
} from '../api/fleet-syncs';
import { FleetSyncDialog } from './fleet-sync-dialog';
import { fleetSyncAnchor } from './fleet-sync-anchor';

/** Every FleetSync: where it reads, what it applied, what it manages, and what went wrong last. */
export function FleetSyncsTable() {
  const syncs = useFleetSyncs();
  const canManage = useCan('fleetsync:manage');
  const canReconcile = useCan('gitops:write');
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title="FleetSyncs"
      bodyless
      actions={canManage ? <Button onClick={() => setAdding(true)}>Add FleetSync</Button> : undefined}
    >
      {syncs.isPending ? (
        <SkeletonRows />
      ) : syncs.isError ? (
        <div style={{ padding: 16 }}>
          <ErrorAlert error={syncs.error} title="Could not load the FleetSyncs" />
        </div>
      ) : syncs.data.length === 0 ? (
        <EmptyState icon="⎇" title="No FleetSyncs">
          A FleetSync hands the hub’s own objects to git: the Flux objects (every kind the YAML import takes) and
          Placements under a path of a repository are created, updated and pruned from it.
        </EmptyState>
      ) : (
        <div className={styles.wrap}>
          <table className={styles.table} aria-label="FleetSyncs">
            <thead>
              <tr>
                <th>Name</th>
                <th>Repository and path</th>
                <th>Applied revision</th>
                <th>Ready</th>
                <th>Manages</th>
                <th>Last error</th>
                {(canManage || canReconcile) && (
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {syncs.data.map((s) => (
                <FleetSyncRow key={s.id} sync={s} canManage={canManage} canReconcile={canReconcile} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && <FleetSyncDialog onClose={() => setAdding(false)} />}
    </Card>
  );
}

function FleetSyncRow({
  sync: s,
  canManage,
  canReconcile,
}: {
  sync: FleetSync;
  canManage: boolean;
  canReconcile: boolean;
}) {
  const reconcile = useReconcileFleetSync();
  const remove = useDeleteFleetSync();
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const failed = s.ready === 'False';
  return (
    <tr id={fleetSyncAnchor(s.id)} data-testid={`fleet-sync-${s.name}`}>
      <td>
        {s.namespace}/{s.name} {s.suspend && <SuspendedBadge />}
      </td>
      <td>
        GitRepository {s.sourceNamespace}/{s.sourceName}
        {s.sourceUrl && (
          <>
            <br />
            <code>{s.sourceUrl}</code>
          </>
        )}
        <br />
        path <code>{s.path}</code>, every {s.interval}
        {s.prune ? ', prune' : ''}
        {s.provider !== 'native' && (
          <div data-testid="fleet-sync-provider">
            edits proposed as pull requests at {forgeName(s.provider)}
            {s.providerRepository && (
              <>
                {' '}
                <code>{s.providerRepository}</code>
              </>
            )}
          </div>
        )}
      </td>
      <td>
        <RevisionText revision={s.lastAppliedRevision} />
      </td>
      <td>
        <ReadyBadge ready={s.ready} reason={s.reason} message={s.message} />
        <div data-testid="ready-message">{s.message}</div>
      </td>
      <td data-testid="managed-counts">
        {s.inventory.length === 0 ? 'nothing yet' : countsPerKind(s.inventory)}
      </td>
      <td data-testid="last-error">
        {failed ? (
          s.problems.length > 0 ? (
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {s.problems.map((p) => (
                <li key={`${p.file}:${p.line}:${p.field ?? ''}`}>
                  <code>
                    {p.file}:{p.line}
                  </code>{' '}
                  {p.message}
                </li>
              ))}
            </ul>
          ) : (
            s.message
          )
        ) : (
          'none'
        )}
        {reconcile.error != null && <ErrorAlert error={reconcile.error} title="Could not sync" />}
      </td>
      {(canManage || canReconcile) && (
        <td>
          {canReconcile && (
            <Button
              size="sm"
              variant="ghost"
              busy={reconcile.isPending}
              onClick={() => reconcile.mutate(s.id)}
              aria-label={`Sync now ${s.name}`}
            >
              Sync now
            </Button>
          )}{' '}
          {canManage && (
            <>
              <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit ${s.name}`}>
                Edit
              </Button>{' '}
              {editing && <FleetSyncDialog existing={s} onClose={() => setEditing(false)} />}
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setDeleting(true)}
                aria-label={`Delete ${s.name}`}
              >
                Delete
              </Button>
              <ConfirmDialog
                open={deleting}
                onClose={() => setDeleting(false)}
                title={`Delete FleetSync ${s.name}?`}
                confirmLabel="Delete FleetSync"
                mutation={remove}
                variables={s.id}
                successToast={`FleetSync ${s.name} deleted.`}
                errorTitle="Could not delete the FleetSync"
              >
                <p style={{ margin: 0 }}>
                  The objects it made stay, as hand-made objects: git no longer updates or prunes them.
                </p>
              </ConfirmDialog>
            </>
          )}
        </td>
      )}
    </tr>
  );
}
