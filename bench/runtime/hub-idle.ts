// bench/runtime/hub-idle.ts: hub idle RSS of several hub bundles or launch settings side by side, on one Postgres.
//   BENCH_VARIANTS='[{"label":"main","dist":"apps/hub-api/dist-main"},{"label":"arenas","env":{"MALLOC_ARENA_MAX":"2"}}]'
//   tsx bench/runtime/hub-idle.ts
// Each variant (a dist folder beside apps/hub-api/dist, node options, environment) is started BENCH_ROUNDS
// (default 3) times in turn on its own empty database; 15 s (BENCH_IDLE_S) after the process started, its RSS
// from /proc and its V8 heap from inside (`process.memoryUsage()` through a module loaded with `--import`) are
// read and the hub is stopped. Prints each start and the medians. A dist folder must sit in apps/hub-api (the
// bundle finds the migrations relative to itself). BENCH_SNAPSHOT_DIR: each hub also writes a V8 heap snapshot
// there once probed (after the figures are read), and its /proc/self/smaps beside it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, makeTempDir, ManagedProcess, percentile, removeDir, repoRoot, startPostgres, waitFor } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';

interface Variant {
  label: string;
  dist?: string;
  node?: string[];
  env?: Record<string, string>;
}
interface Probe {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 15);
const variants = JSON.parse(process.env.BENCH_VARIANTS ?? '[{"label":"dist"}]') as Variant[];
const median = (xs: number[]): number => percentile(xs, 50);
const mib = (b: number): string => `${(b / 1048576).toFixed(0)} MiB`.padStart(8);

// Written by the hub process itself when it is IDLE_S seconds old (unref'd: it keeps nothing alive).
const probeSource = `import { readFileSync, writeFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
setTimeout(() => {
  const m = process.memoryUsage();
  const probe = JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
  if (process.env.HUB_IDLE_SNAPSHOT) {
    writeFileSync(process.env.HUB_IDLE_SNAPSHOT.replace(/heapsnapshot$/, 'smaps'), readFileSync('/proc/self/smaps'));
    writeHeapSnapshot(process.env.HUB_IDLE_SNAPSHOT);
  }
  writeFileSync(process.env.HUB_IDLE_PROBE, probe);
}, Math.max(0, ${IDLE_S * 1000} - process.uptime() * 1000)).unref();`;

runBench(async () => {
  const dir = await makeTempDir('bench-hub-idle');
  const pg = await startPostgres();
  const probeModule = path.join(dir, 'probe.mjs');
  await writeFile(probeModule, probeSource);
  const results = new Map<string, Probe[]>(variants.map((v) => [v.label, []]));
  try {
    for (let round = 0; round < ROUNDS; round++)
      for (const [i, v] of variants.entries()) {
        const port = await freePort();
        const probeOut = path.join(dir, `probe-${round}-${i}.json`);
        const proc = ManagedProcess.start({
          name: `hub-${i}`,
          command: process.execPath,
          args: [...(v.node ?? []), '--import', probeModule, path.join(v.dist ?? 'apps/hub-api/dist', 'main.mjs')],
          cwd: repoRoot,
          logPath: path.join(dir, `hub-${round}-${i}.log`),
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            FLOTILLA_PORT: String(port),
            FLOTILLA_DATABASE_URL: await pg.createDatabase({ migrate: false }),
            FLOTILLA_DATA_DIR: path.join(dir, `data-${round}-${i}`),
            FLOTILLA_ADMIN_PASSWORD: 'bench-hub-idle-admin',
            FLOTILLA_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
            FLOTILLA_SKIP_WEB_BUILD: '1',
            FLOTILLA_LOG_LEVEL: 'warn',
            HUB_IDLE_PROBE: probeOut,
            ...(process.env.BENCH_SNAPSHOT_DIR ? { HUB_IDLE_SNAPSHOT: path.join(process.env.BENCH_SNAPSHOT_DIR, `${v.label.replace(/\W+/g, '-')}-${round + 1}.heapsnapshot`) } : {}),
            ...v.env,
          },
        });
        try {
          await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok ? true : undefined), {
            timeoutMs: 180_000,
            intervalMs: 250,
            watch: [proc],
            what: `hub ${v.label}`,
          });
          const probe = await waitFor(async () => readFile(probeOut, 'utf8').then((t) => JSON.parse(t) as Probe, () => undefined), {
            timeoutMs: (IDLE_S + 120) * 1000,
            intervalMs: 200,
            watch: [proc],
            what: `hub ${v.label} probe`,
          });
          results.get(v.label)!.push(probe);
          log(`round ${round + 1} ${v.label.padEnd(24)} RSS ${mib(probe.rss)} heap used ${mib(probe.heapUsed)} total ${mib(probe.heapTotal)} (load ${loadAverage()})`);
        } finally {
          await proc.stop(15_000);
        }
        await sleep(500);
      }
    log(`medians of ${ROUNDS}, ${IDLE_S} s after start:`);
    for (const [label, ps] of results)
      log(`  ${label.padEnd(24)} RSS ${mib(median(ps.map((p) => p.rss)))} heap used ${mib(median(ps.map((p) => p.heapUsed)))} total ${mib(median(ps.map((p) => p.heapTotal)))} external ${mib(median(ps.map((p) => p.external)))}`);
  } finally {
    await pg.stop();
    await removeDir(dir);
  }
});
