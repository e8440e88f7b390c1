import { stringify } from 'yaml';

/** A cell on one line: a multi-line value (an event listing each object it applied) would break the row apart. */
const oneLine = (cell: string) => cell.replace(/\s*\r?\n\s*/g, ' ');

export function columnWidths(headers: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return headers.map((h, i) => Math.max(h.length, ...rows.map((r) => oneLine(r[i] ?? '').length)));
}

/** One line of a table: cells on one line, padded to their column's width (not the last), joined by a tab. */
export function formatRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map(oneLine)
    .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
    .join('\t')
    .trimEnd();
}

/**
 * A table as `flux get` prints it (its tablewriter with no borders, "\t" as padding and no extra
 * whitespace): upper-case headers, left-aligned cells padded to the column width, columns joined by a tab.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(headers, rows);
  return [headers.map((h) => h.toUpperCase()), ...rows].map((r) => formatRow(r, widths)).join('\n') + '\n';
}

export type OutputFormat = 'table' | 'yaml' | 'json';

/** yaml and json print the same records: a list under `items`, as `kubectl get -o` does. */
export function formatRecords(format: 'yaml' | 'json', items: readonly unknown[]): string {
  return format === 'json' ? `${JSON.stringify({ items }, null, 2)}\n` : stringify({ items });
}
