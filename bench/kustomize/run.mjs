// bench/kustomize: `flotilla build` (the CLI's bin, as the README runs it) against the kustomize v5.5.0 binary, whole process,
// same inputs: (a) every public conformance case, (b) a generated tree of 2,000 resources under three
// overlays. Prints wall time, peak RSS and the ratio ours/kustomize; then in-process throughput on (b).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree } from './generate-tree.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kustomize = process.env.KUSTOMIZE ?? path.join(os.homedir(), '.cache/flotilla/bin/kustomize-v5.5.0/kustomize');
const cases = process.env.KUSTOMIZE_CASES ?? path.resolve(repo, '../shared/conformance/kustomize/cases');
const hasTime = fs.existsSync('/usr/bin/time');

if (!fs.existsSync(kustomize)) {
  console.error(`kustomize binary not found at ${kustomize} (set KUSTOMIZE)`);
  process.exit(2);
}

/** Runs a command once; wall time in ms and peak RSS in KiB (largest process of the tree, via GNU time). */
function measure(cmd, args) {
  const argv = hasTime ? ['-f', '%e %M', '--', cmd, ...args] : args;
  const bin = hasTime ? '/usr/bin/time' : cmd;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, argv, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKiB;
  if (hasTime) {
    const lines = r.stderr.trim().split('\n');
    rssKiB = Number((lines[lines.length - 1] ?? '').split(' ')[1]);
  }
  return { ms, rssKiB, status: r.status, stdout: r.stdout };
}

// The package's bin: `node --snapshot-blob` from the build command's start-up snapshot when `pnpm build` made one.
const flotilla = path.join(repo, 'apps/cli/bin/flotilla');
const ours = (dir) => measure(flotilla, ['build', dir]);
const theirs = (dir) => measure(kustomize, ['build', dir]);

function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
function mib(kib) {
  return kib === undefined || Number.isNaN(kib) ? 'n/a' : `${(kib / 1024).toFixed(1)} MiB`;
}
function row(label, a, b) {
  const ratioT = (a.ms / b.ms).toFixed(2);
  const ratioM = a.rssKiB && b.rssKiB ? (a.rssKiB / b.rssKiB).toFixed(2) : 'n/a';
  console.log(`${label.padEnd(34)} ours ${fmt(a.ms).padStart(9)} ${mib(a.rssKiB).padStart(10)} | kustomize ${fmt(b.ms).padStart(9)} ${mib(b.rssKiB).padStart(10)} | ratio time ${ratioT} mem ${ratioM}`);
}

// The bin runs the bundle as built: rebuild it first if a source changed, then warm up.
spawnSync(process.execPath, ['scripts/build-bundles.mjs', '--if-stale', 'cli'], { cwd: repo, stdio: 'inherit' });
ours(path.join(cases, fs.readdirSync(cases)[0], 'input'));

// (a) every public case
const names = fs.readdirSync(cases).filter((d) => fs.existsSync(path.join(cases, d, 'build-path'))).sort();
const sumA = { ms: 0, rssKiB: 0 }, sumB = { ms: 0, rssKiB: 0 };
let same = 0;
for (const name of names) {
  const dir = path.join(cases, name, fs.readFileSync(path.join(cases, name, 'build-path'), 'utf8').trim());
  const a = ours(dir), b = theirs(dir);
  sumA.ms += a.ms;
  sumB.ms += b.ms;
  sumA.rssKiB = Math.max(sumA.rssKiB, a.rssKiB ?? 0);
  sumB.rssKiB = Math.max(sumB.rssKiB, b.rssKiB ?? 0);
  if (a.status === b.status && (b.status !== 0 || a.stdout === b.stdout)) same++;
}
console.log(`(a) ${names.length} public cases, one run each (time = sum, memory = max); identical results: ${same}/${names.length}`);
row('(a) public corpus', sumA, sumB);
console.log(`    per case: ours ${fmt(sumA.ms / names.length)}, kustomize ${fmt(sumB.ms / names.length)}`);

// (b) generated large tree
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-kustomize-'));
try {
  const top = generateTree(tmp);
  const a = ours(top), b = theirs(top);
  const objects = (b.stdout.match(/^kind: /gm) ?? []).length;
  console.log(`(b) generated tree: 3 overlays over 2,000 resources → ${objects} objects; outputs identical: ${a.stdout === b.stdout}`);
  row('(b) large tree', a, b);
  // In-process throughput of the pure engine on (b), without process start-up.
  const tp = spawnSync('node', ['--import', 'tsx', path.join(repo, 'bench/kustomize/throughput.ts'), tmp, 'prod'], {
    cwd: repo,
    encoding: 'utf8',
  });
  process.stdout.write(tp.stdout);
  if (tp.status !== 0) process.stderr.write(tp.stderr);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
