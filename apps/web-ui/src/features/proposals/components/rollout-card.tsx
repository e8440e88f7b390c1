import { Badge, type BadgeTone } from '../../../components/badge';
import { Card } from '../../../components/layout';
import styles from '../../../components/table.module.css';
import type { Proposal } from '../api/get-proposal';

const LOOK: Record<string, { tone: BadgeTone; label: string }> = {
  waiting: { tone: 'neutral', label: 'Waiting for the source' },
  applied: { tone: 'warning', label: 'Applied' },
  healthy: { tone: 'success', label: 'Healthy' },
  failed: { tone: 'danger', label: 'Failed' },
};

/** After the merge, each targeted cluster on its way to the merged commit (live through status events). */
export function RolloutCard({ proposal }: { proposal: Proposal }) {
  const { rollout, mergedCommit, baseBranch } = proposal;
  if (!mergedCommit) return null;
  const healthy = rollout.filter((r) => r.phase === 'healthy').length;
  const target = `${baseBranch}@sha1:${mergedCommit.slice(0, 12)}`;
  return (
    <Card
      title="Rollout"
      bodyless
      actions={
        <span data-rollout-summary={`${healthy}/${rollout.length}`}>
          <Badge tone={healthy === rollout.length && rollout.length > 0 ? 'success' : 'warning'}>
            {healthy}/{rollout.length} healthy at {target}
          </Badge>
        </span>
      }
    >
      <div className={styles.wrap}>
        <table className={styles.table} aria-label="Rollout per cluster">
          <thead>
            <tr>
              <th>Cluster</th>
              <th>Kustomization</th>
              <th>Phase</th>
              <th>Revision</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {rollout.map((r) => {
              const look = LOOK[r.phase] ?? { tone: 'neutral' as const, label: r.phase };
              return (
                <tr
                  key={`${r.kustomization}|${r.cluster}`}
                  data-rollout-cluster={r.cluster}
                  data-phase={r.phase}
                >
                  <td>{r.cluster}</td>
                  <td>{r.kustomization}</td>
                  <td>
                    <Badge tone={look.tone} pulse={r.phase === 'waiting' || r.phase === 'applied'}>
                      {look.label}
                    </Badge>
                  </td>
                  <td>
                    <code>{r.revision ?? '—'}</code>
                  </td>
                  <td>{r.message}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
