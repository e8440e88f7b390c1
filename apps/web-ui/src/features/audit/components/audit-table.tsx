import { RelativeTime } from '../../../components/relative-time';
import type { AuditEntry } from '../api/list-audit-entries';
import styles from '../../../components/table.module.css';

const detailsText = (details: unknown): string => {
  if (details === null || typeof details !== 'object' || Object.keys(details).length === 0) return '';
  return JSON.stringify(details);
};

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Audit entries">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col" className={styles.hideSm}>
              Details
            </th>
            <th scope="col" className={styles.hideSm}>
              From
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-audit-action={e.action}>
              <td className={styles.nowrap}>
                <RelativeTime value={e.createdAt} />
              </td>
              <td className={styles.nowrap}>
                <span className={styles.name}>{e.actorName}</span>{' '}
                <span className={styles.muted}>{e.actorKind}</span>
              </td>
              <td className={[styles.mono, styles.nowrap].join(' ')}>{e.action}</td>
              <td className={styles.mono}>
                {e.targetType}
                {e.targetId && <span className={styles.muted}> {e.targetId}</span>}
              </td>
              <td className={[styles.mono, styles.message, styles.hideSm].join(' ')}>
                {detailsText(e.details)}
              </td>
              <td
                className={[styles.mono, styles.hideSm, styles.nowrap].join(' ')}
                title={e.userAgent ?? undefined}
              >
                {e.ip ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
