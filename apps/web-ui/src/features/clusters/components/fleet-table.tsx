import { Link } from 'react-router';
import { KeyValueChips } from '../../../components/key-value-chips';
import type { ClusterSummary } from '../api/cluster-types';
import { ConnectionBadge } from './connection-badge';
import { LastSeen } from './last-seen';
import styles from '../../../components/table.module.css';

export function FleetTable({
  clusters,
  onLabelSelect,
}: {
  clusters: ClusterSummary[];
  onLabelSelect?: (label: { key: string; value: string }) => void;
}) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Clusters">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col" className={styles.hideSm}>
              Kubernetes
            </th>
            <th scope="col" className={styles.hideSm}>
              Agent
            </th>
            <th scope="col" className={[styles.num, styles.hideSm].join(' ')}>
              Nodes
            </th>
            <th scope="col">Labels</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((c) => (
            <tr key={c.id} data-cluster={c.name}>
              <td className={styles.name}>
                <Link to={`/clusters/${c.id}`}>{c.name}</Link>
              </td>
              <td>
                <ConnectionBadge state={c.connectionState} />
              </td>
              <td className={[styles.mono, styles.hideSm].join(' ')}>
                {c.kubernetesVersion ?? <span className={styles.muted}>—</span>}
              </td>
              <td className={[styles.mono, styles.hideSm].join(' ')}>
                {c.agentVersion ?? <span className={styles.muted}>—</span>}
              </td>
              <td className={[styles.num, styles.hideSm].join(' ')}>
                {c.nodeCount ?? <span className={styles.muted}>—</span>}
              </td>
              <td className={styles.labelsCell}>
                <KeyValueChips items={c.labels} onSelect={onLabelSelect} />
              </td>
              <td className={styles.nowrap}>
                <LastSeen state={c.connectionState} lastSeenAt={c.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
