import { Link } from 'react-router';
import { ReadySummary, SuspendedBadge } from '../../../components/status-badges';
import type { GitRepositoryDetail } from '../api/source-types';
import type { OciRepositoryDetail } from '../api/oci-repository-types';
import styles from '../../../components/table.module.css';

/** The Kustomizations built from this source (links into the Kustomizations pages by URL). */
export function SourceKustomizationsTable({
  items,
}: {
  items: GitRepositoryDetail['kustomizations'] | OciRepositoryDetail['kustomizations'];
}) {
  if (items.length === 0)
    return (
      <p className={styles.muted} style={{ margin: 0, padding: 16 }}>
        No Kustomization uses this source yet.
      </p>
    );
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Kustomizations using this source">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Path</th>
            <th scope="col">Clusters</th>
          </tr>
        </thead>
        <tbody>
          {items.map((k) => (
            <tr key={k.id}>
              <td className={styles.name}>
                <Link to={`/kustomizations/${k.id}`}>{k.name}</Link>
              </td>
              <td className={styles.mono}>{k.path}</td>
              <td className={styles.nowrap}>
                <ReadySummary statuses={k.clusters} /> {k.suspend && <SuspendedBadge />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
