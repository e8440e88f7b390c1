import path from 'node:path';
import { artifactsDir } from '@flotilla/testenv';
import { loadScenarios } from './scenario/load-scenarios.js';
import { startOracle } from './runner/oracle.js';
import { closingLine, scenarioLine, totals, writeFullDiff } from './runner/report.js';
import type { ScenarioResult } from './runner/run-scenario.js';

// `pnpm conformance:flux [word ...]`: every scenario (or those whose name contains a word) against Flux's own
// controllers and Flotilla's agent. One line per scenario, a closing count; the full diff goes to a file.
const started = Date.now();
const scenarios = await loadScenarios(undefined, process.argv.slice(2));
const oracle = await startOracle();
const results: ScenarioResult[] = [];
const file = path.join(artifactsDir(), 'flux-oracle-diff.md');
try {
  for (const s of scenarios) {
    const r = await oracle.run(s);
    results.push(r);
    process.stdout.write(`${scenarioLine(r)}\n`);
    // Written as it goes, so a long run can be read before it ends.
    await writeFullDiff(file, results);
  }
} finally {
  await oracle.stop();
}
process.stdout.write(`${closingLine(results)} in ${((Date.now() - started) / 1000).toFixed(0)} s; full diff in ${file}\n`);
process.exitCode = totals(results).failed > 0 ? 1 : 0;
