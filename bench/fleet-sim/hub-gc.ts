// What the hub's garbage collector did in a fleet-sim run: run it with
// `BENCH_HUB_NODE_ARGS="--max-semi-space-size=2 --heap-growing-percent=100 --trace-gc"` (the image's flags and the trace), then
//   tsx bench/fleet-sim/hub-gc.ts <fleet-sim output> test-artifacts/bench-fleet-sim-hub-<time>.log
// 1. How fast the old generation grows while the hub only keeps agents connected: for each quiet window before
//    a burst (the output's "hub and Postgres quiet after N ms" lines) it sums what the heap grew from one
//    scavenge to the next, which is what those scavenges promoted; a major collection in the window is counted
//    and its drop skipped.
// 2. What the collector did in each of the hub's ingestion bursts: the scavenges, their pauses and what they
//    promoted, and whether a major collection's marking (which runs beside the main thread, on the collector's
//    threads) overlapped it.
import { readFileSync } from 'node:fs';
import { percentile } from '@flotilla/testenv';

interface Collection {
  atS: number;
  major: boolean;
  afterMB: number;
  /** The main thread's pause. */
  pauseMs: number;
  /** A major collection's marking, from its start to this line (0 when not reported). */
  markingS: number;
}

const [outputPath, hubLogPath] = process.argv.slice(2);
if (!outputPath || !hubLogPath) throw new Error('usage: hub-gc.ts <fleet-sim output> <hub log with --trace-gc>');
const hubLog = readFileSync(hubLogPath, 'utf8');
// --trace-gc counts milliseconds from the isolate's start, a few tens of milliseconds after fleet-sim spawned the
// hub (its line in the log); a log without that line falls back on the hub's first log line, up to a second late.
const firstTime = /^# fleet-sim spawned the hub at (\S+)$/m.exec(hubLog)?.[1] ?? /"time":"([^"]+)"/.exec(hubLog)?.[1];
if (!firstTime) throw new Error(`${hubLogPath}: no spawn line and no JSON log line with a time`);
const startMs = Date.parse(firstTime);
const day = firstTime.slice(0, 10);

const collections: Collection[] = [];
for (const line of hubLog.split('\n')) {
  const m = /\s(\d+) ms: (Scavenge|Mark-Compact)\b[^0-9]*[\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB, ([\d.]+) \//.exec(line);
  if (!m) continue;
  const marking = /walltime since start of marking (\d+) ms/.exec(line);
  collections.push({ atS: Number(m[1]) / 1000, major: m[2] === 'Mark-Compact', afterMB: Number(m[3]), pauseMs: Number(m[4]), markingS: marking ? Number(marking[1]) / 1000 : 0 });
}
if (collections.length === 0) throw new Error(`${hubLogPath}: no --trace-gc lines`);
collections.sort((a, b) => a.atS - b.atS);

const output = readFileSync(outputPath, 'utf8').split('\n');
/** Seconds since the hub's start of an output line's `[hh:mm:ss]` (rounded down to the second). */
const atS = (clock: string): number => (Date.parse(`${day}T${clock}Z`) - startMs) / 1000;

/**
 * What the scavenges from `from` to `to` (seconds) promoted: the heap's growth from each collection to the next
 * scavenge (the first counted from the last collection before `from`); a major collection's drop is skipped.
 */
function promotedBetween(from: number, to: number): { grownMB: number; scavenges: number; majors: number } {
  let grownMB = 0;
  let scavenges = 0;
  let majors = 0;
  let previous = collections.findLast((c) => c.atS < from)?.afterMB;
  for (const c of collections) {
    if (c.atS < from || c.atS > to) continue;
    if (c.major) majors += 1;
    else {
      if (previous !== undefined) grownMB += Math.max(0, c.afterMB - previous);
      scavenges += 1;
    }
    previous = c.afterMB;
  }
  return { grownMB, scavenges, majors };
}

console.log('promoted in the quiet windows before each burst:');
const rates: number[] = [];
for (const line of output) {
  const m = /^\[(\d\d:\d\d:\d\d)\]\s+hub and Postgres quiet after (\d+) ms/.exec(line);
  if (!m) continue;
  const endS = atS(m[1]!);
  // Away from the burst before (still settling) and the second-rounded end.
  const from = endS - Number(m[2]) / 1000 + 1.5;
  const to = endS - 0.5;
  if (to - from < 2) continue;
  const { grownMB, scavenges, majors } = promotedBetween(from, to);
  if (scavenges < 2) {
    console.log(`${from.toFixed(0)}–${to.toFixed(0)} s: no scavenges in the hub's log (not this run's log?)`);
    continue;
  }
  const rate = grownMB / (to - from);
  rates.push(rate);
  console.log(`${from.toFixed(0)}–${to.toFixed(0)} s: ${rate.toFixed(2)} MB/s promoted, ${scavenges} scavenges, ${majors} major`);
}
// With a thousand agents or fewer a quiet window may hold no scavenge at all; the bursts are still read.
if (rates.length === 0) console.log('no quiet window with two scavenges (BENCH_INGEST_ROUNDS ≥ 2? a small fleet?)');
else console.log(`median ${percentile(rates, 50).toFixed(2)} MB/s over ${rates.length} windows`);

console.log('the collector in each of the hub\'s ingestion bursts:');
// The hub's CPU seconds in each burst, from the summary's burst lines ("burst first (cold): hub … (CPU s: hub 0.76").
const hubCpu = new Map<string, string>();
for (const line of output) {
  const m = /^ {2}burst (first|\d+)\b.*CPU s: hub ([\d.]+)/.exec(line);
  if (m) hubCpu.set(m[1] === 'first' ? '1' : m[1]!, m[2]!);
}
for (const line of output) {
  const m = /^\[(\d\d:\d\d:\d\d)\]\s+ingestion burst (\d+) done in (\d+) ms(?: \(from (\S+)\))?/.exec(line);
  if (!m) continue;
  // Exact when the line says when the burst started; else widened by the line's whole second.
  const from = m[4] ? (Date.parse(m[4]) - startMs) / 1000 : atS(m[1]!) - Number(m[3]) / 1000;
  const to = m[4] ? from + Number(m[3]) / 1000 : atS(m[1]!) + 1;
  const scavenges = collections.filter((c) => !c.major && c.atS >= from && c.atS <= to);
  const marking = collections.filter((c) => c.major && c.atS >= from && c.atS - c.markingS <= to);
  const pauses = scavenges.reduce((s, c) => s + c.pauseMs, 0);
  const { grownMB } = promotedBetween(from, to);
  const majors = marking.map((c) => `marking ${(c.atS - c.markingS).toFixed(1)}–${c.atS.toFixed(1)} s, ${c.afterMB} MB left`).join('; ');
  const cpu = hubCpu.has(m[2]!) ? `, hub CPU ${hubCpu.get(m[2]!)} s` : '';
  console.log(`burst ${m[2]} (${m[3]} ms${cpu}, ${from.toFixed(1)}–${to.toFixed(1)} s): ${scavenges.length} scavenges, ${pauses.toFixed(0)} ms paused, ${grownMB.toFixed(1)} MB promoted${majors ? `; ${majors}` : ''}`);
}
