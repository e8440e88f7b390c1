import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { EventList } from '../../../components/event-list';
import { InventoryTable } from '../../../components/inventory-table';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { ReadyBadge } from '../../../components/status-badges';
import { SkeletonRows } from '../../../components/layout';
import { showToast } from '../../../lib/toast-store';
import type { KustomizationClusterRow, KustomizationDetail } from '../api/kustomization-types';
import { useKustomizationEvents } from '../api/list-kustomization-events';
import { useReconcileKustomization } from '../api/reconcile-kustomization';
import styles from '../../../components/table.module.css';
import local from './cluster-status-table.module.css';
import { MessageLines } from '../../../components/message-lines';

function ClusterEvents({ kustomizationId, clusterId }: { kustomizationId: string; clusterId: string }) {
  const events = useKustomizationEvents(kustomizationId, clusterId);
  if (events.isPending) return <SkeletonRows rows={2} />;
  if (events.isError) return <ErrorAlert error={events.error} title="Could not load events" />;
  // Scrolls within the row; focusable so keyboard users can scroll it too.
  return (
    <div className={local.scroll} tabIndex={0} role="region" aria-label="Recent events">
      <EventList events={events.data} emptyText="No events from this cluster yet." />
    </div>
  );
}

/** One row per targeted cluster: Ready, reason, revision, last applied, message; expands to inventory + events. */
export function ClusterStatusTable({ k, canReconcile }: { k: KustomizationDetail; canReconcile: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const reconcile = useReconcileKustomization();
  if (k.clusters.length === 0)
    return (
      <p className={styles.muted} style={{ margin: 0, padding: 16 }}>
        The placement targets no cluster yet.
      </p>
    );
  const rows = [...k.clusters].sort((a, b) => a.cluster.name.localeCompare(b.cluster.name));
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Clusters">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
            <th scope="col">Cluster</th>
            <th scope="col">Ready</th>
            <th scope="col">Applied revision</th>
            <th scope="col">Last applied</th>
            <th scope="col">Message</th>
            {canReconcile && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row: KustomizationClusterRow) => {
            const expanded = open === row.cluster.id;
            const attemptDiffers =
              row.lastAttemptedRevision && row.lastAttemptedRevision !== row.lastAppliedRevision;
            return (
              <Fragment key={row.cluster.id}>
                <tr data-cluster={row.cluster.name}>
                  <td>
                    <button
                      type="button"
                      className={styles.expandButton}
                      aria-expanded={expanded}
                      aria-label={`${expanded ? 'Hide' : 'Show'} inventory and events of ${row.cluster.name}`}
                      onClick={() => setOpen(expanded ? null : row.cluster.id)}
                    >
                      {expanded ? '▾' : '▸'}
                    </button>
                  </td>
                  <td className={styles.name}>
                    <Link to={`/clusters/${row.cluster.id}`}>{row.cluster.name}</Link>
                  </td>
                  <td className={styles.nowrap}>
                    <ReadyBadge ready={row.ready} reason={row.reason} message={row.message} />
                  </td>
                  <td>
                    <RevisionText revision={row.lastAppliedRevision} />
                    {attemptDiffers && (
                      <div className={local.attempted}>
                        attempted <RevisionText revision={row.lastAttemptedRevision} />
                      </div>
                    )}
                  </td>
                  <td className={styles.nowrap}>
                    <RelativeTime value={row.updatedAt} />
                  </td>
                  <td className={styles.message}>
                    <MessageLines message={row.message} />
                  </td>
                  {canReconcile && (
                    <td className={styles.nowrap}>
                      <Button
                        size="sm"
                        busy={reconcile.isPending && reconcile.variables.clusterId === row.cluster.id}
                        disabled={k.suspend}
                        onClick={() =>
                          reconcile.mutate(
                            { id: k.id, clusterId: row.cluster.id, withSource: false },
                            { onSuccess: () => showToast(`Reconcile requested on ${row.cluster.name}.`) },
                          )
                        }
                      >
                        Reconcile
                      </Button>
                    </td>
                  )}
                </tr>
                {expanded && (
                  <tr className={styles.expanded}>
                    <td colSpan={canReconcile ? 7 : 6}>
                      <div className={local.details}>
                        <section aria-label={`Inventory on ${row.cluster.name}`}>
                          <h3 className={local.heading}>Inventory ({row.inventory.length})</h3>
                          <InventoryTable
                            entries={row.inventory}
                            label={`Inventory on ${row.cluster.name}`}
                          />
                        </section>
                        <section aria-label={`Events on ${row.cluster.name}`}>
                          <h3 className={local.heading}>Recent events</h3>
                          <ClusterEvents kustomizationId={k.id} clusterId={row.cluster.id} />
                        </section>
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {reconcile.error && (
        <div style={{ padding: 16 }}>
          <ErrorAlert error={reconcile.error} title="Could not request the reconcile" />
        </div>
      )}
    </div>
  );
}
