// bench/fault-soak: the agent cut off from the hub for ten minutes (e2e/fault-agent-cut.e2e.test.ts with
// FLOTILLA_FAULT_CUT_MS, default 600000) while its cluster drifts and its Kustomization fails and recovers, round
// after round. Real hub, Postgres, git server, kube-apiserver, agent and Toxiproxy, all on 127.0.0.1; the run
// is bounded by the cut plus four minutes and stops by itself. Prints the test's `fault-figures` line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cutMs = Number(process.env.FLOTILLA_FAULT_CUT_MS ?? 600_000);
if (!Number.isInteger(cutMs) || cutMs < 30_000 || cutMs > 3_600_000) {
  console.error(`FLOTILLA_FAULT_CUT_MS must be a whole number of ms from 30000 to 3600000, got ${process.env.FLOTILLA_FAULT_CUT_MS}`);
  process.exit(64);
}
console.log(`fault-soak: the agent is cut off for ${Math.round(cutMs / 1000)} s; the run ends within ${Math.round(cutMs / 1000) + 240} s`);
const started = Date.now();
const r = spawnSync('pnpm', ['exec', 'vitest', 'run', '--retry=0', 'e2e/fault-agent-cut.e2e.test.ts'], {
  cwd: repo,
  env: { ...process.env, FLOTILLA_FAULT_CUT_MS: String(cutMs), NO_COLOR: '1' },
  encoding: 'utf8',
  maxBuffer: 1 << 28,
  timeout: cutMs + 300_000,
});
const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
// Colour codes may still precede the line.
const figures = /fault-figures .*/.exec(out)?.[0];
console.log(figures ?? '(no figures: the test did not get that far)');
console.log(`fault-soak: ${r.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
if (r.status !== 0) console.log(out.split('\n').slice(-60).join('\n'));
process.exit(r.status ?? 1);
