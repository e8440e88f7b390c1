import { RelativeTime } from './relative-time';
import { RevisionText } from './revision-text';
import styles from './event-list.module.css';

export interface EventView {
  id: string;
  severity: string;
  reason: string;
  message: string;
  involvedKind: string;
  involvedNamespace: string | null;
  involvedName: string;
  revision: string | null;
  occurredAt: string;
  clusterName?: string;
}

/** Flux-style events, newest first, with a severity icon (error ✕, info ●). */
export function EventList({
  events,
  showCluster = false,
  emptyText = 'No events yet.',
}: {
  events: readonly EventView[];
  showCluster?: boolean;
  emptyText?: string;
}) {
  if (events.length === 0) return <p className={styles.empty}>{emptyText}</p>;
  const sorted = [...events].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <ol className={styles.list} aria-label="Events">
      {sorted.map((e) => {
        const error = e.severity === 'error';
        return (
          <li key={e.id} className={styles.event} data-severity={e.severity}>
            <span
              className={[styles.icon, error ? styles.error : styles.info].join(' ')}
              role="img"
              aria-label={error ? 'Error' : 'Info'}
            >
              {error ? '✕' : '●'}
            </span>
            <div className={styles.body}>
              <div className={styles.head}>
                <strong className={styles.reason}>{e.reason}</strong>
                <span className={styles.object}>
                  {e.involvedKind}/{e.involvedNamespace ? `${e.involvedNamespace}/` : ''}
                  {e.involvedName}
                </span>
                {showCluster && e.clusterName && <span className={styles.cluster}>on {e.clusterName}</span>}
              </div>
              <p className={styles.message}>{e.message}</p>
              {e.revision && (
                <div className={styles.meta}>
                  <RevisionText revision={e.revision} />
                </div>
              )}
            </div>
            <span className={styles.time}>
              <RelativeTime value={e.occurredAt} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}
