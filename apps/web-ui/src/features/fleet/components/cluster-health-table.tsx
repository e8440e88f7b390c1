import { memo, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { KeyValueChips } from '../../../components/key-value-chips';
import { ConnectionBadge } from '../../clusters/components/connection-badge';
import { LastSeen } from '../../clusters/components/last-seen';
import type { FleetClusterSortField } from '../../../lib/graphql/operation-types.gen';
import type { FleetClusterRow } from '../api/list-fleet-clusters';
import { HealthBadge } from './health-badge';
import table from '../../../components/table.module.css';
import styles from './cluster-table.module.css';

const ROW_HEIGHT = 44;
/** Ask for the next page while this many loaded rows are still below the window. */
const PREFETCH_ROWS = 30;

export interface ClusterTableSort {
  sort: FleetClusterSortField;
  descending: boolean;
}

function SortHeader({
  field,
  label,
  current,
  onSort,
  numeric,
}: {
  field: FleetClusterSortField;
  label: string;
  current: ClusterTableSort;
  onSort: (field: FleetClusterSortField) => void;
  numeric?: boolean;
}) {
  const sorted = current.sort === field;
  return (
    <th
      scope="col"
      className={numeric ? table.num : undefined}
      aria-sort={sorted ? (current.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className={styles.sortButton} onClick={() => onSort(field)}>
        {label}
        {sorted ? (current.descending ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
}

const Row = memo(function Row({
  row,
  index,
  onLabelSelect,
  onReasonSelect,
}: {
  row: FleetClusterRow;
  index: number;
  onLabelSelect: (label: { key: string; value: string }) => void;
  onReasonSelect: (reason: string) => void;
}) {
  const share = row.total === 0 ? 1 : row.ready / row.total;
  const trouble = row.failing + row.stalled;
  return (
    <tr className={styles.row} aria-rowindex={index + 2} data-health-cluster={row.name}>
      <td className={table.name}>
        <Link to={`/clusters/${encodeURIComponent(row.id)}`}>{row.name}</Link>
      </td>
      <td>
        <ConnectionBadge state={row.connectionState} />
      </td>
      <td className={table.num}>
        <span title={`${row.ready} of ${row.total} Flux objects Ready`}>
          {row.ready}/{row.total}
        </span>
        <span className={styles.meter} aria-hidden="true">
          <span className={styles.meterFill} style={{ width: `${Math.round(share * 100)}%` }} />
        </span>
      </td>
      <td className={table.num}>{trouble > 0 ? trouble : <span className={table.muted}>0</span>}</td>
      <td>
        {row.worst ? (
          <>
            <HealthBadge health={row.worst} />
            {row.worstReason && (
              <button
                type="button"
                className={`${styles.reason} ${styles.reasonButton}`}
                onClick={() => onReasonSelect(row.worstReason!)}
                title={`Only clusters whose worst object's reason is ${row.worstReason}`}
              >
                {row.worstReason}
              </button>
            )}
          </>
        ) : (
          <span className={table.muted}>No Flux objects</span>
        )}
      </td>
      <td>
        {row.revisions} {row.revisions === 1 ? 'revision' : 'revisions'}
        {row.behind > 0 && (
          <span className={styles.reason} title="Objects that attempted a revision they have not applied">
            {row.behind} behind
          </span>
        )}
      </td>
      <td className={table.labelsCell}>
        <KeyValueChips items={row.labels} onSelect={onLabelSelect} />
      </td>
      <td>
        <LastSeen state={row.connectionState} lastSeenAt={row.lastSeenAt} />
      </td>
    </tr>
  );
});

/**
 * The fleet's clusters with the health of their Flux objects. Only the rows in view are in the DOM (a fleet
 * has thousands); the row count is announced through aria-rowcount so screen readers know the whole size.
 */
export function ClusterHealthTable({
  rows,
  totalCount,
  sort,
  onSort,
  onLabelSelect,
  onReasonSelect,
  hasNextPage,
  fetchNextPage,
  fetchingNextPage,
}: {
  rows: FleetClusterRow[];
  totalCount: number;
  sort: ClusterTableSort;
  onSort: (field: FleetClusterSortField) => void;
  onLabelSelect: (label: { key: string; value: string }) => void;
  /** Filters the table by a worst object's reason (a click on it). */
  onReasonSelect: (reason: string) => void;
  hasNextPage: boolean;
  fetchNextPage: () => void;
  fetchingNextPage: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasNextPage && !fetchingNextPage && lastIndex >= rows.length - PREFETCH_ROWS) fetchNextPage();
  }, [hasNextPage, fetchingNextPage, lastIndex, rows.length, fetchNextPage]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div className={[table.wrap, styles.scroller].join(' ')} ref={scroller}>
      <table className={table.table} aria-label="Cluster health" aria-rowcount={totalCount + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <SortHeader field="NAME" label="Cluster" current={sort} onSort={onSort} />
            <th scope="col">State</th>
            <SortHeader field="READY" label="Ready" current={sort} onSort={onSort} numeric />
            <SortHeader field="FAILING" label="Failing" current={sort} onSort={onSort} numeric />
            <SortHeader field="WORST" label="Worst" current={sort} onSort={onSort} />
            <SortHeader field="REVISIONS" label="Revisions" current={sort} onSort={onSort} />
            <th scope="col">Labels</th>
            <SortHeader field="LAST_SEEN" label="Last seen" current={sort} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={8} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? (
              <Row
                key={row.id}
                row={row}
                index={item.index}
                onLabelSelect={onLabelSelect}
                onReasonSelect={onReasonSelect}
              />
            ) : null;
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={8} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
