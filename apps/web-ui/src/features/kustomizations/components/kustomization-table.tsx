import { Link } from 'react-router';
import { ReadySummary, SuspendedBadge } from '../../../components/status-badges';
import type { KustomizationSummary } from '../api/kustomization-types';
import styles from '../../../components/table.module.css';

export function describePlacement(p: KustomizationSummary['placement']): string {
  const parts = [];
  if (p.clusterSelector) parts.push(p.clusterSelector);
  if (p.clusterNames.length > 0) parts.push(`names: ${p.clusterNames.join(', ')}`);
  return parts.join(' + ') || 'no clusters';
}

export function KustomizationTable({ items }: { items: readonly KustomizationSummary[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Kustomizations">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Ready</th>
            <th scope="col">Source</th>
            <th scope="col">Path</th>
            <th scope="col" className={styles.num}>
              Clusters
            </th>
            <th scope="col" className={styles.hideSm}>
              Placement
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((k) => (
            <tr key={k.id} data-kustomization={k.name}>
              <td className={styles.name}>
                <Link to={`/kustomizations/${k.id}`}>{k.name}</Link>
              </td>
              <td className={styles.nowrap}>
                <ReadySummary statuses={k.clusters} /> {k.suspend && <SuspendedBadge />}
              </td>
              <td className={styles.mono}>
                {k.sourceRef.kind}/{k.sourceRef.name}
              </td>
              <td className={styles.mono}>{k.path}</td>
              <td className={styles.num}>{k.clusters.length}</td>
              <td className={[styles.mono, styles.hideSm, styles.message].join(' ')}>
                {describePlacement(k.placement)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
