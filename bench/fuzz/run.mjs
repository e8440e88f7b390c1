// bench/fuzz: the fuzz targets (`*.fuzz.test.ts`) with many more cases than `pnpm test` runs. Each target
// stops at FUZZ_RUNS cases or FUZZ_TIME_MS, whichever comes first, so the whole run is bounded; the seed is
// random unless FUZZ_SEED is set, and is printed so a failure can be replayed:
//   FUZZ_SEED=<seed> FUZZ_RUNS=<n> pnpm fuzz
// The integration target (hub GraphQL edge, `*.fuzz.int.test.ts`) is left out unless FUZZ_INT=1.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = {
  ...process.env,
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '20000',
  FUZZ_TIME_MS: process.env.FUZZ_TIME_MS ?? '60000',
  FUZZ_SEED: process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31)),
};
console.log(`fuzz: FUZZ_SEED=${env.FUZZ_SEED} FUZZ_RUNS=${env.FUZZ_RUNS} FUZZ_TIME_MS=${env.FUZZ_TIME_MS} (per target)`);

const filters = process.env.FUZZ_INT === '1' ? ['.fuzz.test.ts', '.fuzz.int.test.ts'] : ['.fuzz.test.ts'];
const started = Date.now();
const result = spawnSync('pnpm', ['exec', 'vitest', 'run', ...filters], { cwd: repo, env, stdio: 'inherit' });
console.log(`fuzz: done in ${Math.round((Date.now() - started) / 1000)} s with FUZZ_SEED=${env.FUZZ_SEED}`);
process.exit(result.status ?? 1);
