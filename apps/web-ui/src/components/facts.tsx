import type { ReactNode } from 'react';
import styles from './facts.module.css';

export function Facts({ children }: { children: ReactNode }) {
  return <dl className={styles.facts}>{children}</dl>;
}

export function Fact({
  label,
  children,
  mono,
  wide,
}: {
  label: string;
  children: ReactNode;
  mono?: boolean;
  /** Two columns, for URLs and other long values. */
  wide?: boolean;
}) {
  return (
    <div className={[styles.fact, wide ? styles.wide : ''].join(' ')}>
      <dt>{label}</dt>
      <dd className={mono ? styles.mono : undefined}>
        {children ?? <span className={styles.muted}>—</span>}
      </dd>
    </div>
  );
}

export const NONE = <span className={styles.muted}>—</span>;
