import type { ReactNode } from 'react';
import styles from './badge.module.css';

export type BadgeTone = 'success' | 'danger' | 'warning' | 'neutral';

export function Badge({ tone, children, pulse }: { tone: BadgeTone; children: ReactNode; pulse?: boolean }) {
  return (
    <span className={[styles.badge, styles[tone], pulse ? styles.pulse : ''].join(' ')}>
      <span className={styles.dot} aria-hidden="true" />
      {children}
    </span>
  );
}
