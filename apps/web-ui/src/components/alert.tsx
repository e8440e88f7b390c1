import type { ReactNode } from 'react';
import { describeError, isApiError } from '../lib/api-error';
import styles from './alert.module.css';

export function Alert({
  tone,
  title,
  children,
}: {
  tone: 'danger' | 'warning' | 'info';
  title?: ReactNode;
  children?: ReactNode;
}) {
  const icon = tone === 'info' ? 'i' : '!';
  return (
    <div className={[styles.alert, styles[tone]].join(' ')} role={tone === 'info' ? 'note' : 'alert'}>
      <span className={styles.icon} aria-hidden="true">
        {icon}
      </span>
      <div>
        {title && <p className={styles.title}>{title}</p>}
        {children && <div className={styles.body}>{children}</div>}
      </div>
    </div>
  );
}

/** Shows an API error with its code so a user can quote it and an operator can grep for it. */
export function ErrorAlert({ error, title = 'Request failed' }: { error: unknown; title?: ReactNode }) {
  return (
    <Alert
      tone="danger"
      title={
        <>
          {title}
          {isApiError(error) && <span className={styles.code}>{error.code}</span>}
        </>
      }
    >
      {describeError(error)}
    </Alert>
  );
}
