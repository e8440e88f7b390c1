import path from 'node:path';
import { artifactsDir } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios, type LoadedScenario } from './scenario/load-scenarios.js';
import { startOracle, type Oracle } from './runner/oracle.js';
import { formatDifference } from './runner/compare.js';
import { scenarioLine, writeFullDiff } from './runner/report.js';
import type { ScenarioResult } from './runner/run-scenario.js';

// The fast subset of the Flux oracle: the scenarios marked `fast`, played against Flux's own controllers and
// Flotilla's agent; each must agree (or show exactly its recorded difference). `pnpm conformance:flux` plays all.

const fast: LoadedScenario[] = (await loadScenarios()).filter((s) => s.fast);
let oracle: Oracle;
const results: ScenarioResult[] = [];

beforeAll(async () => {
  oracle = await startOracle();
});

afterAll(async () => {
  await oracle?.stop();
  await writeFullDiff(path.join(artifactsDir(), 'flux-oracle-fast-diff.md'), results);
});

describe('Flux oracle (fast subset)', () => {
  it.each(fast.map((s) => [s.name, s] as const))('%s agrees with Flux', async (_name, scenario) => {
    const r = await oracle.run(scenario);
    results.push(r);
    const unexplained = r.comparisons.flatMap((c) => c.differences.map(formatDifference));
    expect(r.verdict, `${scenarioLine(r)}\n${unexplained.join('\n')}`).toBe('agree');
  });
});
