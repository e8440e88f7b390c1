import type { ReactNode } from 'react';
import styles from './layout.module.css';

export function Page({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <main className={styles.page} aria-label={label}>
      {children}
    </main>
  );
}

export function PageHeader({
  title,
  badge,
  subtitle,
  actions,
}: {
  title: ReactNode;
  badge?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className={styles.pageHeader}>
      <div>
        <div className={styles.titleRow}>
          <h1 className={styles.title}>{title}</h1>
          {badge}
        </div>
        {subtitle && <p className={styles.subtitle}>{subtitle}</p>}
      </div>
      {actions && <div className={styles.actions}>{actions}</div>}
    </header>
  );
}

export function Card({
  title,
  actions,
  children,
  footer,
  bodyless,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  bodyless?: boolean;
}) {
  return (
    <section className={styles.card}>
      {(title || actions) && (
        <div className={styles.cardHeader}>
          {title ? <h2 className={styles.cardTitle}>{title}</h2> : <span />}
          {actions && <div className={styles.actions}>{actions}</div>}
        </div>
      )}
      {bodyless ? children : <div className={styles.cardBody}>{children}</div>}
      {footer && <div className={styles.cardFooter}>{footer}</div>}
    </section>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className={styles.empty}>
      <div className={styles.emptyIcon} aria-hidden="true">
        {icon}
      </div>
      <h2 className={styles.emptyTitle}>{title}</h2>
      {children && <p className={styles.emptyText}>{children}</p>}
      {action}
    </div>
  );
}

export function SkeletonRows({ rows = 4 }: { rows?: number }) {
  return (
    <div className={styles.cardBody} aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={styles.skeleton} style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}
