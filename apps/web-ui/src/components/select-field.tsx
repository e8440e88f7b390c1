import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import styles from './form.module.css';

export function SelectField({
  label,
  hint,
  error,
  hideLabel,
  children,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** For a select inside a table row, where the column header says what it is. */
  hideLabel?: boolean;
}) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : styles.label}>
        {label}
      </label>
      <select
        id={id}
        className={styles.select}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-d` : undefined}
        {...select}
      >
        {children}
      </select>
      {(error || hint) && (
        <span id={`${id}-d`} className={error ? styles.error : styles.hint}>
          {error ?? hint}
        </span>
      )}
    </div>
  );
}
