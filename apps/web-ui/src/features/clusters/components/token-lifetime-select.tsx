import { useId } from 'react';
import styles from './token-lifetime-select.module.css';

// Within the hub's bounds (60 s to 7 d); 1 h is the default.
export const TOKEN_LIFETIMES = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 60 * 60, label: '1 hour (default)' },
  { seconds: 24 * 60 * 60, label: '24 hours' },
  { seconds: 7 * 24 * 60 * 60, label: '7 days' },
] as const;

export const DEFAULT_TOKEN_LIFETIME = 60 * 60;

export function TokenLifetimeSelect({
  value,
  onChange,
}: {
  value: number;
  onChange: (seconds: number) => void;
}) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        Token lifetime
      </label>
      <select
        id={id}
        className={styles.select}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {TOKEN_LIFETIMES.map((t) => (
          <option key={t.seconds} value={t.seconds}>
            {t.label}
          </option>
        ))}
      </select>
    </div>
  );
}
