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

export function KeyValueChips({
  items,
  emptyText = '—',
}: {
  items: readonly { key: string; value: string }[];
  emptyText?: string;
}) {
  if (items.length === 0) return <span style={{ color: 'var(--text-muted)' }}>{emptyText}</span>;
  return (
    <ul className={styles.chips} aria-label="Labels">
      {items.map((item) => (
        <li key={item.key} className={styles.chip} title={`${item.key}=${item.value}`}>
          <span className={styles.chipKey}>{item.key}=</span>
          {item.value}
        </li>
      ))}
    </ul>
  );
}
