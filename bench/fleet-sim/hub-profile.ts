// Where the hub's time went in its warm ingestion bursts: run fleet-sim with
// `BENCH_HUB_NODE_ARGS="--max-semi-space-size=2 --heap-growing-percent=100 --cpu-prof --cpu-prof-dir=DIR --cpu-prof-interval=250"`
// (the image's flags and a CPU profile the hub writes when it stops), then
//   tsx bench/fleet-sim/hub-profile.ts <fleet-sim output> test-artifacts/bench-fleet-sim-hub-<time>.log DIR/<profile>.cpuprofile
// It keeps the samples inside the hub's bursts after the first (the output's "ingestion burst N done in X ms (from
// T)" lines) and prints the main thread's busy time in them by function (self time) and by file or package.
// A whole-run profile is mostly heartbeats; cut to the bursts it shows what storing reports costs.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [outputPath, hubLogPath, profilePath] = process.argv.slice(2);
if (!outputPath || !hubLogPath || !profilePath) throw new Error('usage: hub-profile.ts <fleet-sim output> <hub log> <hub .cpuprofile>');
const spawned = /^# fleet-sim spawned the hub at (\S+)$/m.exec(readFileSync(hubLogPath, 'utf8'))?.[1];
if (!spawned) throw new Error(`${hubLogPath}: no "fleet-sim spawned the hub" line`);
const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
// The profile's clock is monotonic with an origin of its own; its first sample is taken as Node starts, a few tens
// of milliseconds after fleet-sim spawned the hub, so the windows are placed to within that.
const wallMsOf = (profileMicros: number): number => Date.parse(spawned) + (profileMicros - profile.startTime) / 1000;

const output = readFileSync(outputPath, 'utf8');
const bursts = [...output.matchAll(/ingestion burst (\d+) done in (\d+) ms \(from (\S+)\)/g)].filter((m) => m[1] !== '1').map((m) => ({ from: Date.parse(m[3]!), to: Date.parse(m[3]!) + Number(m[2]) }));
if (bursts.length === 0) throw new Error(`${outputPath}: no warm ingestion burst (run with BENCH_INGEST_ROUNDS ≥ 2)`);

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const add = (m: Map<string, number>, key: string, us: number): void => void m.set(key, (m.get(key) ?? 0) + us);
let inBursts = 0;
let idle = 0;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i] ?? 0;
  t += delta;
  const at = wallMsOf(t);
  if (!bursts.some((b) => at >= b.from && at <= b.to)) continue;
  inBursts += delta;
  const frame = nodes.get(profile.samples[i]!)?.callFrame;
  if (!frame) continue;
  if (frame.functionName === '(idle)') {
    idle += delta;
    continue;
  }
  // A package's files count as the package; the hub's own code and Node's internals by their file.
  const file = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ?? (frame.url.split('/').slice(-2).join('/') || frame.functionName || '(no file)');
  add(byFile, file, delta);
  add(byFunction, `${frame.functionName || '(anonymous)'} ${frame.url.split('/').at(-1) ?? ''}:${frame.lineNumber + 1}`, delta);
}
const busy = inBursts - idle;
const top = (m: Map<string, number>, n: number): string[] =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${k}`);
console.log(`${bursts.length} warm bursts, ${(inBursts / 1000).toFixed(0)} ms in all; the main thread busy ${(busy / 1000).toFixed(0)} ms (${(busy / 1000 / bursts.length).toFixed(0)} ms a burst)`);
console.log('by file or package (self time):');
for (const line of top(byFile, 15)) console.log(line);
console.log('by function (self time):');
for (const line of top(byFunction, 30)) console.log(line);
