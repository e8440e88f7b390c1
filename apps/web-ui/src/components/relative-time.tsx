import { formatDateTime, formatRelativeTime } from '../lib/relative-time';
import { useNow } from '../lib/use-now';

export function RelativeTime({ value, fallback = 'never' }: { value: string | null; fallback?: string }) {
  const now = useNow();
  if (!value) return <span style={{ color: 'var(--text-muted)' }}>{fallback}</span>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatRelativeTime(date, now)}
    </time>
  );
}
