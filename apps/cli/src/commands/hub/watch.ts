import type { CliIo } from '../../command.js';
import { columnWidths, formatRow, formatTable } from '../../hub/table.js';
import type { Rows } from './get-rows.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `get --watch`: prints the table once, then each row that appeared or changed, polling the hub every
 * `intervalMs` until the process is interrupted (as `flux get --watch` streams changed objects). Column
 * widths are those of the first table, so later rows line up under it where they fit.
 */
export async function watchRows(io: CliIo, poll: () => Promise<Rows>, intervalMs: number): Promise<void> {
  const first = await poll();
  io.stdout.write(formatTable(first.headers, first.rows));
  const widths = columnWidths(first.headers, first.rows);
  const keyOf = (rows: Rows, i: number) => rows.keys?.[i] ?? rows.rows[i]!.join('\t');
  const seen = new Set(first.rows.map((_, i) => keyOf(first, i)));
  for (;;) {
    await sleep(intervalMs);
    const next = await poll();
    for (const [i, row] of next.rows.entries()) {
      const key = keyOf(next, i);
      if (seen.has(key)) continue;
      seen.add(key);
      io.stdout.write(`${formatRow(row, widths)}\n`);
    }
  }
}
