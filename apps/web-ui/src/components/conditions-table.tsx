import { RelativeTime } from './relative-time';
import styles from './table.module.css';

export interface ConditionView {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string | null;
}

/** Every condition as Flux/kstatus writes it: type, status, reason, message, since when. */
export function ConditionsTable({ conditions, label = 'Conditions' }: { conditions: readonly ConditionView[]; label?: string }) {
  if (conditions.length === 0)
    return (
      <p className={styles.muted} style={{ margin: 0 }}>
        No conditions reported yet.
      </p>
    );
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Message</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((c) => (
            <tr key={c.type}>
              <td className={styles.name}>{c.type}</td>
              <td className={styles.mono}>{c.status}</td>
              <td className={styles.mono}>{c.reason}</td>
              <td className={styles.message}>{c.message}</td>
              <td className={styles.nowrap}>
                <RelativeTime value={c.lastTransitionTime} fallback="—" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
