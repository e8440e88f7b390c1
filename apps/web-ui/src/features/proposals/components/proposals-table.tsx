import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time';
import styles from '../../../components/table.module.css';
import type { ProposalSummary } from '../api/list-proposals';
import { imageChangeText } from './image-change-text';
import { ProposalStateBadge } from './proposal-state-badge';
import { fleetEditTitle, originText } from './proposal-origin';

export function ProposalsTable({ proposals }: { proposals: readonly ProposalSummary[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Update proposals">
        <thead>
          <tr>
            <th>Change</th>
            <th>Origin</th>
            <th>State</th>
            <th>Approvals</th>
            <th>Clusters</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/proposals/${p.id}`}>
                  {fleetEditTitle(p) ??
                    (p.imageChanges.length
                      ? [...new Set(p.imageChanges.map((c) => imageChangeText(c.oldValue, c.newValue)))].join(
                          ', ',
                        )
                      : p.headCommit.slice(0, 7))}
                </Link>
              </td>
              <td>{originText(p)}</td>
              <td>
                <ProposalStateBadge state={p.state} />
              </td>
              <td>
                {p.approvals.length}/{p.requiredApprovals}
              </td>
              <td>{new Set(p.clusterDiffs.map((c) => c.cluster)).size}</td>
              <td>
                <RelativeTime value={p.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
