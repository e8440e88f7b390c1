import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import type { ClusterKustomizationRow } from '../api/list-cluster-kustomizations';
import styles from '../../../components/table.module.css';

/** What Flotilla delivers to this cluster: one status row per Kustomization placed on it. */
export function ClusterKustomizationsTable({ rows }: { rows: readonly ClusterKustomizationRow[] }) {
  if (rows.length === 0)
    return (
      <p className={styles.muted} style={{ margin: 0, padding: 16 }}>
        No Kustomization targets this cluster. Placement selects clusters by label or name.
      </p>
    );
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Kustomizations on this cluster">
        <thead>
          <tr>
            <th scope="col">Kustomization</th>
            <th scope="col">Ready</th>
            <th scope="col">Applied revision</th>
            <th scope="col">Last applied</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kustomization.id} data-kustomization={r.kustomization.name}>
              <td className={styles.name}>
                <Link to={`/kustomizations/${r.kustomization.id}`}>{r.kustomization.name}</Link>
              </td>
              <td className={styles.nowrap}>
                <ReadyBadge ready={r.ready} reason={r.reason} message={r.message} />{' '}
                {r.kustomization.suspend && <SuspendedBadge />}
              </td>
              <td>
                <RevisionText revision={r.lastAppliedRevision} />
              </td>
              <td className={styles.nowrap}>
                <RelativeTime value={r.updatedAt} />
              </td>
              <td className={styles.message}>{r.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
