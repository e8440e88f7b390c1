import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDifference } from './compare.js';
import type { ScenarioResult } from './run-scenario.js';

/** One line per scenario: its name, the verdict and what decided it, and how long it took. */
export const scenarioLine = (r: ScenarioResult): string => `${r.verdict === 'agree' ? 'agree' : r.verdict.toUpperCase()} ${r.name} (${(r.ms / 1000).toFixed(1)} s): ${r.summary}`;

export function totals(results: readonly ScenarioResult[]): { passed: number; failed: number; known: number; recorded: number } {
  const passed = results.filter((r) => r.verdict === 'agree').length;
  return { passed, failed: results.length - passed, known: results.filter((r) => r.verdict === 'known failure').length, recorded: results.reduce((n, r) => n + r.recordedSeen, 0) };
}

export function closingLine(results: readonly ScenarioResult[]): string {
  const t = totals(results);
  return `${t.passed} passed, ${t.failed} failed${t.known ? ` (${t.known} known)` : ''}; ${t.recorded} recorded differences seen`;
}

/** Every difference of every compare step, scenario by scenario. */
export async function writeFullDiff(file: string, results: readonly ScenarioResult[]): Promise<void> {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`## ${r.name}: ${r.verdict} (${(r.ms / 1000).toFixed(1)} s) — ${r.summary}`);
    for (const c of r.comparisons) {
      lines.push(`### step ${c.step}${c.unsettled.length ? ` (still changing at the deadline: ${c.unsettled.join(', ')})` : ''}`);
      lines.push(...(c.differences.length ? c.differences.map((d) => `- ${formatDifference(d)}`) : ['(no differences)']));
      lines.push(...c.ready.flux.map((l) => `  - flux ${l}`), ...c.ready.flotilla.map((l) => `  - flotilla ${l}`));
    }
    lines.push('');
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, lines.join('\n'));
}
