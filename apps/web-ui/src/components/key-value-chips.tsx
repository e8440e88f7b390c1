import styles from './key-value-chips.module.css';

export function KeyValueChips({
  items,
  emptyText = '—',
  onSelect,
  selectLabel = (item) => `Filter by ${item.key}=${item.value}`,
}: {
  items: readonly { key: string; value: string }[];
  emptyText?: string;
  /** Makes each chip a button (e.g. "filter the fleet by this label"). */
  onSelect?: (item: { key: string; value: string }) => void;
  selectLabel?: (item: { key: string; value: string }) => string;
}) {
  if (items.length === 0) return <span style={{ color: 'var(--text-muted)' }}>{emptyText}</span>;
  return (
    <ul className={styles.chips} aria-label="Labels">
      {items.map((item) => {
        const text = (
          <>
            <span className={styles.chipKey}>{item.key}=</span>
            {item.value}
          </>
        );
        return (
          <li key={item.key} className={styles.chipItem}>
            {onSelect ? (
              <button
                type="button"
                className={[styles.chip, styles.chipButton].join(' ')}
                title={selectLabel(item)}
                aria-label={selectLabel(item)}
                onClick={() => onSelect(item)}
              >
                {text}
              </button>
            ) : (
              <span className={styles.chip} title={`${item.key}=${item.value}`}>
                {text}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
