// bench/image-scan: the hub scanning an ImageRepository of BENCH_TAGS (10,000) tags, against a plain
// paginated fetch loop reading the same tags in its own Node process. Prints time and memory of each and
// their ratios. Everything listens on 127.0.0.1 and stops at the end.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, startRegistry } from '@flotilla/testenv';
import { copyTag, pushTags } from '../../apps/hub-api/src/images/image-test-fixtures.js';
import { processTree, rssKiB } from '../agent-runtime/proc-stats.js';
import { startBenchHub } from '../push-to-ready/hub.js';

const TAGS = Number(process.env.BENCH_TAGS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));

async function fillRepository(registryUrl: string, host: string, repository: string): Promise<void> {
  await pushTags(host, repository, ['seed']);
  await copyTag(registryUrl, repository, 'seed', Array.from({ length: TAGS - 1 }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`));
}

/** The largest RSS of any node process in the tree (the hub itself, not pnpm). */
async function hubRss(pid: number): Promise<number> {
  const sizes = await Promise.all((await processTree(pid)).map(rssKiB));
  return Math.max(...sizes);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

const pg = await startPostgres();
const registry = await startRegistry();
let hub: Awaited<ReturnType<typeof startBenchHub>> | undefined;
try {
  const t0 = performance.now();
  await fillRepository(registry.url, registry.host, 'bench/app');
  console.log(`pushed ${TAGS} tags in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  hub = await startBenchHub(await pg.createDatabase());
  const created = await hub.gql<{ createImageRepository: { id: string } }>(
    `mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }`,
    { input: { name: 'bench', image: `${registry.host}/bench/app`, interval: '1h', insecure: true } },
  );
  const id = created.createImageRepository.id;
  const status = () => hub!.gql<{ imageRepository: { ready: string; lastScanResult: { tagCount: number; scanTime: string } | null } }>(`query($id: ID!) { imageRepository(id: $id) { ready lastScanResult { tagCount scanTime } } }`, { id });
  const waitScan = async (after: string | undefined): Promise<void> => {
    for (;;) {
      const s = (await status()).imageRepository;
      if (s.lastScanResult && s.lastScanResult.scanTime !== after) {
        if (s.lastScanResult.tagCount !== TAGS) throw new Error(`scanned ${s.lastScanResult.tagCount} tags, expected ${TAGS}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await waitScan(undefined); // the first scan warms up the code paths
  const hubMs: number[] = [];
  const hubGrowth: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = (await status()).imageRepository.lastScanResult?.scanTime;
    const baseline = await hubRss(hub.pid);
    let peak = baseline;
    const sampler = setInterval(() => void hubRss(hub!.pid).then((r) => (peak = Math.max(peak, r))), 10);
    const start = performance.now();
    await hub.gql(`mutation($id: ID!) { scanImageRepository(id: $id) }`, { id });
    await waitScan(before);
    hubMs.push(performance.now() - start);
    clearInterval(sampler);
    hubGrowth.push(peak - baseline);
  }
  const peer = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [path.join(here, 'peer-list-tags.mjs'), registry.url, 'bench/app'], { encoding: 'utf8' })) as { ms: number; tags: number; peakRssKiB: number });
  const idle = JSON.parse(execFileSync(process.execPath, ['-e', `console.log(JSON.stringify({ peakRssKiB: Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1]) }))`], { encoding: 'utf8' })) as { peakRssKiB: number };
  const peerMs = median(peer.map((p) => p.ms));
  const peerGrowth = median(peer.map((p) => p.peakRssKiB)) - idle.peakRssKiB;
  const ourMs = median(hubMs);
  const ourGrowth = median(hubGrowth);
  console.log(`tags: ${TAGS}, runs: ${RUNS} (medians)`);
  console.log(`hub scan (request → status in GraphQL, tags in Postgres): ${ourMs.toFixed(0)} ms, RSS growth ${mib(ourGrowth)} (hub RSS ${mib(await hubRss(hub.pid))})`);
  console.log(`plain paginated fetch loop (own node process):          ${peerMs.toFixed(0)} ms, RSS growth ${mib(peerGrowth)} over an idle node (${mib(idle.peakRssKiB)})`);
  console.log(`ratio hub/plain: time ${(ourMs / peerMs).toFixed(2)}, memory growth ${peerGrowth > 0 ? (ourGrowth / peerGrowth).toFixed(2) : 'n/a'}`);
} finally {
  await hub?.stop();
  await registry.stop();
  await pg.stop();
}
