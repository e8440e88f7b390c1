// How fast the hub's old generation grows while it only keeps agents connected: run fleet-sim with
// `BENCH_HUB_NODE_ARGS="--max-semi-space-size=2 --trace-gc"`, then
//   tsx bench/fleet-sim/old-gen-growth.ts <fleet-sim output> test-artifacts/bench-fleet-sim-hub-<time>.log
// For each quiet window before an ingestion burst (the output's "hub and Postgres quiet after N ms" lines) it
// sums what the heap grew from one scavenge to the next, which is what those scavenges promoted; a major
// collection in the window is counted and its drop skipped.
import { readFileSync } from 'node:fs';
import { percentile } from '@flotilla/testenv';

interface Collection {
  atS: number;
  major: boolean;
  afterMB: number;
}

const [outputPath, hubLogPath] = process.argv.slice(2);
if (!outputPath || !hubLogPath) throw new Error('usage: old-gen-growth.ts <fleet-sim output> <hub log with --trace-gc>');
const hubLog = readFileSync(hubLogPath, 'utf8');
// --trace-gc counts milliseconds from the isolate's start; the hub's first log line is within a second of it.
const firstTime = /"time":"([^"]+)"/.exec(hubLog)?.[1];
if (!firstTime) throw new Error(`${hubLogPath}: no JSON log line with a time`);
const startMs = Date.parse(firstTime);
const day = firstTime.slice(0, 10);

const collections: Collection[] = [];
for (const line of hubLog.split('\n')) {
  const m = /\s(\d+) ms: (Scavenge|Mark-Compact)\b[^0-9]*[\d.]+ \([\d.]+\) -> ([\d.]+)/.exec(line);
  if (m) collections.push({ atS: Number(m[1]) / 1000, major: m[2] === 'Mark-Compact', afterMB: Number(m[3]) });
}
if (collections.length === 0) throw new Error(`${hubLogPath}: no --trace-gc lines`);
collections.sort((a, b) => a.atS - b.atS);

const rates: number[] = [];
for (const line of readFileSync(outputPath, 'utf8').split('\n')) {
  const m = /^\[(\d\d:\d\d:\d\d)\]\s+hub and Postgres quiet after (\d+) ms/.exec(line);
  if (!m) continue;
  const endS = (Date.parse(`${day}T${m[1]}Z`) - startMs) / 1000;
  // Away from the burst before (still settling) and the second-rounded end.
  const from = endS - Number(m[2]) / 1000 + 1.5;
  const to = endS - 0.5;
  if (to - from < 2) continue;
  let grownMB = 0;
  let scavenges = 0;
  let majors = 0;
  let previous: number | undefined;
  for (const c of collections) {
    if (c.atS < from || c.atS > to) continue;
    if (c.major) majors += 1;
    else {
      if (previous !== undefined) grownMB += Math.max(0, c.afterMB - previous);
      scavenges += 1;
    }
    previous = c.afterMB;
  }
  if (scavenges < 2) {
    console.log(`${from.toFixed(0)}–${to.toFixed(0)} s: no scavenges in the hub's log (not this run's log?)`);
    continue;
  }
  const rate = grownMB / (to - from);
  rates.push(rate);
  console.log(`${from.toFixed(0)}–${to.toFixed(0)} s: ${rate.toFixed(2)} MB/s promoted, ${scavenges} scavenges, ${majors} major`);
}
if (rates.length === 0) throw new Error(`${outputPath}: no quiet window with scavenges in ${hubLogPath} (BENCH_INGEST_ROUNDS ≥ 2, and this run's hub log)`);
console.log(`median ${percentile(rates, 50).toFixed(2)} MB/s over ${rates.length} windows`);
