import type { ReactNode } from 'react';
import { RelativeTime } from '../../../components/relative-time';
import type { ClusterDetail } from '../api/cluster-types';
import { LastSeen } from './last-seen';
import styles from '../../../components/facts.module.css';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={styles.fact}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const none = <span className={styles.muted}>—</span>;

export function ClusterFacts({ cluster }: { cluster: ClusterDetail }) {
  return (
    <dl className={styles.facts}>
      <Fact label="Kubernetes">
        {cluster.kubernetesVersion ? <span className={styles.mono}>{cluster.kubernetesVersion}</span> : none}
      </Fact>
      <Fact label="Agent">
        {cluster.agentVersion ? <span className={styles.mono}>{cluster.agentVersion}</span> : none}
      </Fact>
      <Fact label="Nodes">{cluster.nodeCount ?? none}</Fact>
      <Fact label="Last seen">
        <LastSeen state={cluster.connectionState} lastSeenAt={cluster.lastSeenAt} />
      </Fact>
      <Fact label="Created">
        <RelativeTime value={cluster.createdAt} />
      </Fact>
    </dl>
  );
}
