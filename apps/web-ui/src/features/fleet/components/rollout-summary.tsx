import { shortRevision } from '@flotilla/reconcile-core/revision';
import { RelativeTime } from '../../../components/relative-time';
import type { RolloutSummary } from '../api/rollout';
import { groupTitle } from './rollout-matrix';
import table from '../../../components/table.module.css';
import styles from './rollout.module.css';

/** Clusters per revision, newest first, with a bar each; then per group how many are on the newest one. */
export function RolloutRevisions({ summary, groupBy }: { summary: RolloutSummary; groupBy: string }) {
  const newest = summary.revisions.find((r) => r.newest);
  const onNewest = newest?.clusters ?? 0;
  // A cluster with a placed object it has not reported counts as pending, not as behind.
  const older = Math.max(0, summary.clusters - onNewest - summary.pending);
  return (
    <>
      <p>
        <strong>{onNewest}</strong> of {summary.clusters}{' '}
        {summary.clusters === 1 ? 'cluster is' : 'clusters are'} on the newest revision
        {newest?.revision ? (
          <>
            {' '}
            (<code title={newest.revision}>{shortRevision(newest.revision)}</code>)
          </>
        ) : null}
        ; <strong>{older}</strong> still on an older one
        {summary.pending > 0 && (
          <>
            ; <strong>{summary.pending}</strong> pending (placed, not reported yet)
          </>
        )}
        .
      </p>
      <ul className={styles.revisions} aria-label="Clusters per revision">
        {summary.revisions.map((r) => (
          <li key={r.revision ?? ''} className={styles.revisionItem} data-revision={r.revision ?? ''}>
            {r.revision ? (
              <code title={r.revision}>{shortRevision(r.revision)}</code>
            ) : (
              <span>No revision yet</span>
            )}
            <span className={styles.meter} aria-hidden="true">
              <span
                className={styles.meterFill}
                style={{
                  width: `${summary.clusters ? Math.round((r.clusters / summary.clusters) * 100) : 0}%`,
                }}
              />
            </span>
            <span>
              {r.clusters} {r.clusters === 1 ? 'cluster' : 'clusters'}
            </span>
            {r.newest && <strong>newest</strong>}
            {r.firstSeenAt && (
              <span className={table.muted}>
                first seen <RelativeTime value={r.firstSeenAt} />
              </span>
            )}
          </li>
        ))}
        {summary.pending > 0 && (
          <li className={styles.revisionItem} data-revision="pending">
            <span>Pending (not reported)</span>
            <span className={styles.meter} aria-hidden="true">
              <span
                className={styles.meterFill}
                style={{ width: `${Math.round((summary.pending / summary.clusters) * 100)}%` }}
              />
            </span>
            <span>
              {summary.pending} {summary.pending === 1 ? 'cluster' : 'clusters'}
            </span>
          </li>
        )}
      </ul>
      {groupBy && summary.groups.length > 0 && (
        <table className={table.table} aria-label={`Newest revision by ${groupBy}`}>
          <thead>
            <tr>
              <th scope="col">{groupBy}</th>
              <th scope="col" className={table.num}>
                Clusters
              </th>
              <th scope="col" className={table.num}>
                On the newest
              </th>
              <th scope="col" className={table.num}>
                On older
              </th>
              <th scope="col" className={table.num}>
                Pending
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.groups.map((g) => (
              <tr key={g.value ?? ''}>
                <th scope="row">{groupTitle(groupBy, g.value)}</th>
                <td className={table.num}>{g.clusters}</td>
                <td className={table.num}>{g.onNewest}</td>
                <td className={table.num}>{g.onOlder}</td>
                <td className={table.num}>{g.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {summary.groupsTruncated && <p className={table.muted}>Only the first 100 groups are shown.</p>}
      {summary.objectsTruncated && (
        <p className={table.muted}>More objects read this source than the matrix shows (the first 20).</p>
      )}
    </>
  );
}
