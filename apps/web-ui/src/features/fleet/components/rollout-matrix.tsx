import { memo, useEffect, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { shortRevision } from '@flotilla/reconcile-core/revision';
import { ConnectionBadge } from '../../clusters/components/connection-badge';
import { RelativeTime } from '../../../components/relative-time';
import type { RolloutRow, RolloutSummary } from '../api/rollout';
import { HealthBadge } from './health-badge';
import table from '../../../components/table.module.css';
import clusterTable from './cluster-table.module.css';
import styles from './rollout.module.css';

const ROW_HEIGHT = 44;
/** Ask for the next page while this many loaded rows are still below the window. */
const PREFETCH_ROWS = 30;

type Item = { type: 'group'; value: string | null } | { type: 'row'; row: RolloutRow };

/** A group's heading: its label value and how many of its clusters are on the newest revision. */
export function groupTitle(groupBy: string, value: string | null): string {
  return value === null ? `No ${groupBy} label` : `${groupBy}=${value}`;
}

type Pending = RolloutRow['pending'][number];

/** Why a placed object is not reported, in words. */
export function pendingReasonText(reason: Pending['reason']): string {
  switch (reason) {
    case 'NEVER_CONNECTED':
      return 'agent never connected';
    case 'DISCONNECTED':
      return 'agent disconnected';
    case 'REVOKED':
      return 'cluster revoked';
    case 'NOT_ACKNOWLEDGED':
      return 'assignment not acknowledged yet';
    case 'NOT_REPORTED':
      return 'assigned, not reported yet';
  }
}

function PendingCell({ pending, lastSeenAt }: { pending: Pending; lastSeenAt: string | null }) {
  return (
    <td data-pending={pending.reason}>
      <span className={styles.pending}>Pending (not reported)</span>{' '}
      <span className={table.muted}>
        {pendingReasonText(pending.reason)}
        {pending.reason === 'DISCONNECTED' && lastSeenAt && (
          <>
            {' '}
            since <RelativeTime value={lastSeenAt} />
          </>
        )}
      </span>
    </td>
  );
}

const Cell = memo(function Cell({
  cell,
  newest,
}: {
  cell: RolloutRow['cells'][number] | undefined;
  newest: string | null;
}) {
  if (!cell) return <td className={table.muted}>Not on this cluster</td>;
  const older = newest !== null && cell.revision !== newest;
  return (
    <td data-revision={cell.revision ?? ''}>
      <HealthBadge health={cell.health} />{' '}
      {cell.revision ? (
        <code title={cell.revision}>{shortRevision(cell.revision)}</code>
      ) : (
        <span className={table.muted}>no revision yet</span>
      )}
      {older && <span className={styles.older}> older</span>}
    </td>
  );
});

const Row = memo(function Row({
  row,
  index,
  columns,
  newest,
}: {
  row: RolloutRow;
  index: number;
  columns: number;
  newest: string | null;
}) {
  const cells = new Map(row.cells.map((c) => [c.object, c]));
  const pending = new Map(row.pending.map((p) => [p.object, p]));
  return (
    <tr className={styles.row} aria-rowindex={index + 2} data-rollout-cluster={row.clusterName}>
      <th scope="row" className={table.name}>
        <Link to={`/clusters/${encodeURIComponent(row.clusterId)}`}>{row.clusterName}</Link>{' '}
        {row.connectionState !== 'CONNECTED' && <ConnectionBadge state={row.connectionState} />}
      </th>
      {Array.from({ length: columns }, (_, i) => {
        const p = pending.get(i);
        return p ? (
          <PendingCell key={i} pending={p} lastSeenAt={row.lastSeenAt} />
        ) : (
          <Cell key={i} cell={cells.get(i)} newest={newest} />
        );
      })}
    </tr>
  );
});

/**
 * Clusters × objects, each cell the object's health (in words and colour) and revision, or "Pending (not
 * reported)" with the reason where the object is placed on the cluster and not reported. Rows come grouped by
 * the chosen label, a heading before each group; only the rows in view are in the DOM.
 */
export function RolloutMatrix({
  summary,
  rows,
  totalCount,
  groupBy,
  hasNextPage,
  fetchNextPage,
  fetchingNextPage,
}: {
  summary: RolloutSummary;
  rows: RolloutRow[];
  totalCount: number;
  groupBy: string;
  hasNextPage: boolean;
  fetchNextPage: () => void;
  fetchingNextPage: boolean;
}) {
  const newest = summary.revisions.find((r) => r.newest)?.revision ?? null;
  const columns = summary.objects.length;
  const items = useMemo<Item[]>(() => {
    if (!groupBy) return rows.map((row) => ({ type: 'row', row }));
    const out: Item[] = [];
    let current: string | null | undefined;
    for (const row of rows) {
      if (row.group !== current) out.push({ type: 'group', value: row.group });
      current = row.group;
      out.push({ type: 'row', row });
    }
    return out;
  }, [rows, groupBy]);
  const groups = new Map(summary.groups.map((g) => [g.value, g]));

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const shown = virtualizer.getVirtualItems();
  const lastIndex = shown.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasNextPage && !fetchingNextPage && lastIndex >= items.length - PREFETCH_ROWS) fetchNextPage();
  }, [hasNextPage, fetchingNextPage, lastIndex, items.length, fetchNextPage]);
  const padTop = shown[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (shown.at(-1)?.end ?? 0);
  let rowIndex = 0;
  const rowIndexOf = new Map<RolloutRow, number>();
  for (const item of items) if (item.type === 'row') rowIndexOf.set(item.row, rowIndex++);

  // The cluster table's scroll box: the virtualizer windows over it, the header stays in view.
  return (
    <div className={[table.wrap, clusterTable.scroller].join(' ')} ref={scroller}>
      <table className={table.table} aria-label="Rollout matrix" aria-rowcount={totalCount + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Cluster</th>
            {summary.objects.map((o) => (
              <th scope="col" key={`${o.kind}/${o.namespace}/${o.name}`}>
                {o.kind} {o.namespace}/{o.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns + 1} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {shown.map((v) => {
            const item = items[v.index];
            if (!item) return null;
            if (item.type === 'group') {
              const g = groups.get(item.value);
              return (
                <tr key={`group:${item.value ?? ''}`} className={styles.groupRow}>
                  <th scope="rowgroup" colSpan={columns + 1}>
                    {groupTitle(groupBy, item.value)}
                    {g && (
                      <span className={styles.groupCounts}>
                        {' '}
                        · {g.clusters} {g.clusters === 1 ? 'cluster' : 'clusters'}: {g.onNewest} on the newest
                        revision, {g.onOlder} on older
                        {g.pending > 0 && `, ${g.pending} pending (not reported)`}
                      </span>
                    )}
                  </th>
                </tr>
              );
            }
            return (
              <Row
                key={item.row.clusterId}
                row={item.row}
                index={rowIndexOf.get(item.row) ?? 0}
                columns={columns}
                newest={newest}
              />
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns + 1} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
