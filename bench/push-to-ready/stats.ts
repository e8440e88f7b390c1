import { percentile } from '@flotilla/testenv';

export interface Row {
  variant: string;
  clusters: number;
  samplesMs: number[];
  failures: number;
}

const s = (ms: number) => (ms / 1000).toFixed(2).padStart(7);

export function formatTable(rows: readonly Row[]): string {
  const head =
    'variant                      clusters  pushes  fails      p50      p95      min      max  (seconds)';
  const lines = rows.map((r) =>
    [
      r.variant.padEnd(28),
      String(r.clusters).padStart(9),
      String(r.samplesMs.length).padStart(7),
      String(r.failures).padStart(6),
      s(percentile(r.samplesMs, 50)),
      s(percentile(r.samplesMs, 95)),
      s(Math.min(...r.samplesMs)),
      s(Math.max(...r.samplesMs)),
    ].join(' '),
  );
  return [head, ...lines].join('\n');
}
