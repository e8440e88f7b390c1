// bench/fleet-dashboard/browser.ts: the fleet dashboard in Chromium over a fleet seeded in Postgres. Real parts:
// Postgres (testenv), the hub as `pnpm start` runs it serving the freshly built UI, Chromium (Debian's, through
// playwright-core), and protocol-level agents sending live reports. Sizes come from the same BENCH_* variables
// as run.ts (fleet-size.ts). Measured, each BENCH_SAMPLES times (default 7): the overview's first render, the
// cluster table's first page and a filter change, and a fleet search from the top bar until its results are
// painted; then the JS heap of two open tabs (the overview and the cluster table) while BENCH_LIVE_RATE status
// changes a second (default 100, in reports of BENCH_LIVE_OBJECTS_PER_REPORT objects, default 10) arrive for
// BENCH_LIVE_MINUTES minutes (default 2; `--long` for 10). Stops by itself.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  artifactsDir,
  launchBrowser,
  percentile,
  repoRoot,
  startPostgres,
  type TestBrowser,
} from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { startBenchHub, type BenchHub } from '../push-to-ready/hub.js';
import { fleetSizeFromEnv } from './fleet-size.js';
import { startLiveAgents } from './live-agents.js';
import { explainSlowStatements, indexesOf, loggedPlans } from './plans.js';
import { seedFleet } from './seed.js';

type Page = Awaited<ReturnType<TestBrowser['newPage']>>;

const SIZE = fleetSizeFromEnv();
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 100);
const LIVE_AGENTS = Number(process.env.BENCH_LIVE_AGENTS ?? 20);
const LIVE_OBJECTS_PER_REPORT = Number(process.env.BENCH_LIVE_OBJECTS_PER_REPORT ?? 10);
const LIVE_MINUTES = process.argv.includes('--long') ? 10 : Number(process.env.BENCH_LIVE_MINUTES ?? 2);
const ADMIN_PASSWORD = 'bench-admin-password';
/** Statements slower than this have their analyzed plans logged (auto_explain). */
const PLAN_MIN_MS = 20;
const SEARCH_TERMS = [
  'app-7-1',
  'app-13',
  'team-3',
  'Deployment',
  'app-19-24',
  'cluster',
  'ConfigMap',
  'app-2-2',
];

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function sample(times: number, action: (i: number) => Promise<unknown>): Promise<number[]> {
  await action(-1); // warm: the bundle in the cache, the hub's plans prepared
  const out: number[] = [];
  for (let i = 0; i < times; i += 1) out.push(await timed(() => action(i)));
  return out;
}

// Runs in the page; the bench's own TypeScript has no DOM types.
type Frames = { requestAnimationFrame(cb: () => void): number };
const painted = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        (globalThis as unknown as Frames).requestAnimationFrame(() => resolve()),
      ),
  );

const graphqlAnswer = (page: Page, needle: string) =>
  page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(needle),
    { timeout: 60_000 },
  );

/** The tab's used JS heap after a full garbage collection, in MiB (Chromium's DevTools protocol). */
async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

const ms = (x: number): string => `${x.toFixed(0).padStart(6)} ms`;

runBench(async () => {
  log('building the web UI');
  const build = spawnSync('pnpm', ['--silent', '--filter', '@flotilla/web-ui', 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`web-ui build failed:\n${build.stdout}\n${build.stderr}`);
  const postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // Before the hub connects, so its sessions log the plans of their slow statements.
  if (postgres.logPath) await explainSlowStatements(db, new URL(databaseUrl).pathname.slice(1), PLAN_MIN_MS);
  const hub: BenchHub = await startBenchHub(databaseUrl, { serveWebUi: true });
  let browser: TestBrowser | undefined;
  try {
    log(
      `seeding ${SIZE.clusters} clusters × ${SIZE.objectsPerCluster} objects, ${SIZE.inventoryPerKustomization} entries per Kustomization`,
    );
    const seedMs = await timed(() => seedFleet(db, SIZE));
    const { rows } = await db.query<{ objects: number; entries: number }>(
      `SELECT (SELECT count(*) FROM flux_objects)::int AS objects, (SELECT count(*) FROM flux_inventory_entries)::int AS entries`,
    );
    log(
      `seeded in ${(seedMs / 1000).toFixed(0)} s: ${SIZE.clusters} clusters, ${rows[0]!.objects} Flux objects, ${rows[0]!.entries} inventory entries`,
    );

    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(`${hub.url}/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor({ timeout: 60_000 });

    // A full page load each time: the counts drawn and the needs-attention list filled.
    const overview = await sample(SAMPLES, async () => {
      await page.goto(`${hub.url}/`);
      await page.getByRole('figure', { name: 'Flux objects' }).waitFor({ timeout: 60_000 });
      await page.getByRole('list', { name: 'Needs attention' }).waitFor({ timeout: 60_000 });
    });
    const tableFirst = await sample(SAMPLES, async () => {
      await page.goto(`${hub.url}/health`);
      await page.locator('tr[data-health-cluster]').first().waitFor({ timeout: 60_000 });
    });
    // One click on a worst-health filter, from a freshly loaded table so no answer comes from the UI's cache.
    const worstFilters = ['Failing', 'Stalled', 'Progressing', 'Suspended'] as const;
    const filterChange: number[] = [];
    for (let i = -1; i < SAMPLES; i += 1) {
      await page.goto(`${hub.url}/health`);
      await page.locator('tr[data-health-cluster]').first().waitFor({ timeout: 60_000 });
      const label = worstFilters[(i + worstFilters.length) % worstFilters.length]!;
      const took = await timed(async () => {
        const answer = graphqlAnswer(page, `"worst":["${label.toUpperCase()}"]`);
        await page.getByRole('group', { name: 'Worst health' }).getByRole('button', { name: label }).click();
        await answer;
        await painted(page);
      });
      if (i >= 0) filterChange.push(took);
    }
    const search = await sample(Math.min(SAMPLES * 3, SEARCH_TERMS.length * 3 - 1), async (i) => {
      // Search ignores case, the UI's cache does not: each round flips the case of one more leading letter (every
      // term starts with at least three), so every search asks the hub.
      const round = Math.floor((i + 1) / SEARCH_TERMS.length);
      const base = SEARCH_TERMS[(i + 1) % SEARCH_TERMS.length]!;
      const flip = (c: string) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase());
      const term = [...base.slice(0, round)].map(flip).join('') + base.slice(round);
      const box = page.getByLabel('Search the fleet');
      await box.fill(term);
      const answer = graphqlAnswer(page, JSON.stringify(term));
      await box.press('Enter');
      await answer;
      await page.getByRole('heading', { name: /^Flux objects \(/ }).waitFor({ timeout: 60_000 });
      await painted(page);
    });

    const planLines: string[] = [];
    if (postgres.logPath) {
      const kinds = [
        ['cluster table page', 'WITH counts AS'],
        ['cluster table row details', 'LEFT JOIN fleet_cluster_health h'],
        ['needs attention', 'WITH gone AS'],
        ['search: inventory entries', 'FROM flux_inventory_entries i'],
        ['search: Flux objects', 'f.name ILIKE'],
      ] as const;
      const dump: string[] = [];
      for (const [what, marker] of kinds) {
        const plans = await loggedPlans(postgres.logPath, marker);
        const worst = plans[0];
        planLines.push(
          worst
            ? `${what}: ${plans.length} over ${PLAN_MIN_MS} ms, slowest ${worst.durationMs.toFixed(0)} ms, indexes ${indexesOf(worst.text).join(', ') || 'none'}`
            : `${what}: none over ${PLAN_MIN_MS} ms`,
        );
        if (worst) dump.push(`== ${what} (${worst.durationMs.toFixed(0)} ms)\n${worst.text}`);
      }
      const file = path.join(artifactsDir(), 'bench-fleet-ui-plans.txt');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, dump.join('\n\n'));
      planLines.push(`slowest plans of each: ${file}`);
    }

    log(`connecting ${LIVE_AGENTS} live agents`);
    const agents = await startLiveAgents(hub, LIVE_AGENTS, LIVE_OBJECTS_PER_REPORT);
    const overviewTab = await browser.newPage();
    await overviewTab.goto(`${hub.url}/`);
    await overviewTab.getByRole('list', { name: 'Needs attention' }).waitFor({ timeout: 60_000 });
    await page.goto(`${hub.url}/health?q=live-`);
    await page.locator('tr[data-health-cluster]').first().waitFor({ timeout: 60_000 });
    const heap: string[] = [
      `start ${(await heapMiB(overviewTab)).toFixed(1)}/${(await heapMiB(page)).toFixed(1)}`,
    ];
    log(
      `live status changes at ${LIVE_RATE}/s (${LIVE_OBJECTS_PER_REPORT} a report) for ${LIVE_MINUTES} min`,
    );
    agents.start(LIVE_RATE);
    const endAt = Date.now() + LIVE_MINUTES * 60_000;
    for (let minute = 1; Date.now() < endAt; minute += 1) {
      await new Promise((r) => setTimeout(r, Math.min(60_000, endAt - Date.now())));
      heap.push(
        `${minute} min ${(await heapMiB(overviewTab)).toFixed(1)}/${(await heapMiB(page)).toFixed(1)}`,
      );
    }
    const sent = agents.sent();
    await agents.stop();
    const stored = agents.stored();
    const refused = Object.entries(agents.refused())
      .map(([code, n]) => `${n} ${code}`)
      .join(', ');

    console.log(
      `\nfleet-dashboard in Chromium, ${SIZE.clusters} clusters, ${rows[0]!.objects} Flux objects, ${rows[0]!.entries} inventory entries; load average ${loadAverage()}`,
    );
    console.log(
      'measure                                         n      p50        p95        max   goal (p95)',
    );
    const line = (what: string, samples: number[], goal: number) => {
      const p95 = percentile(samples, 95);
      console.log(
        `${what.padEnd(44)} ${String(samples.length).padStart(3)} ${ms(percentile(samples, 50))} ${ms(p95)} ${ms(Math.max(...samples))}   ${p95 <= goal ? 'met' : 'MISSED'} (< ${goal} ms)`,
      );
    };
    line('overview first render (full page load)', overview, 1500);
    line('cluster table first page (full page load)', tableFirst, 500);
    line('cluster table filter change', filterChange, 500);
    line('fleet search, Enter to results painted', search, 300);
    for (const l of planLines) console.log(`plan: ${l}`);
    console.log(
      `JS heap after GC, MiB (overview tab/cluster table tab): ${heap.join(', ')}; ${sent} status changes sent at ${LIVE_RATE}/s in reports of ${LIVE_OBJECTS_PER_REPORT} over ${LIVE_AGENTS} agents, ${stored} stored (${(stored / (LIVE_MINUTES * 60)).toFixed(1)}/s)${refused ? `, refused: ${refused}` : ''}`,
    );
  } finally {
    await browser?.close();
    await db.end();
    await hub.stop();
    await postgres.stop();
  }
});
