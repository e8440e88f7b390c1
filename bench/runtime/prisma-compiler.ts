// bench/runtime/prisma-compiler.ts: what Prisma's query compiler build costs, side by side. Each generated client
// (a copy of prisma/generated/prisma made with `compilerBuild = "fast"` or `"small"` in schema.prisma) runs in its
// own process, BENCH_ROUNDS (default 3) times in turn, on one migrated database:
//   first query   from the client's creation to the first row (the compiler's WebAssembly is compiled then)
//   cold shapes   20 query shapes the hub uses, each run once (each one's plan is compiled)
//   warm loop     BENCH_LOOPS (default 500) rounds of five of them (plans cached)
//   RSS           of the process at the end
//   BENCH_CLIENTS='{"fast":{"dir":"prisma/generated-fast"},"small liftoff":{"dir":"prisma/generated-small","node":["--liftoff-only"]}}'
//   tsx bench/runtime/prisma-compiler.ts
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile, repoRoot, startPostgres } from '@flotilla/testenv';
import type * as GeneratedClient from '../../prisma/generated/prisma/client.js';
import { loadAverage, log, runBench } from '../bench-main.js';

interface Figures {
  firstMs: number;
  coldMs: number;
  warmMs: number;
  rssMiB: number;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LOOPS = Number(process.env.BENCH_LOOPS ?? 500);
const median = (xs: number[]): number => percentile(xs, 50);

async function child(clientDir: string, url: string): Promise<Figures> {
  const { PrismaClient } = (await import(path.resolve(repoRoot, clientDir, 'client.ts'))) as typeof GeneratedClient;
  // The adapter is the prisma package's dependency (bench does not depend on it).
  type Adapter = NonNullable<ConstructorParameters<typeof PrismaClient>[0]['adapter']>;
  const adapterUrl = pathToFileURL(createRequire(path.join(repoRoot, 'prisma/package.json')).resolve('@prisma/adapter-pg')).href;
  const { PrismaPg } = (await import(adapterUrl)) as { PrismaPg: new (o: { connectionString: string; max: number }) => Adapter };
  const t0 = performance.now();
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
  await db.cluster.findMany({ take: 1 });
  const firstMs = performance.now() - t0;
  const id = (i: number) => `c${process.pid}-${i}`;
  const t1 = performance.now();
  await db.cluster.create({ data: { id: id(0), name: id(0), labels: { env: 'prod' } } });
  await db.cluster.findUnique({ where: { id: id(0) } });
  await db.cluster.findMany({ where: { name: { startsWith: 'c' } }, orderBy: { name: 'asc' }, take: 10 });
  await db.cluster.count({ where: { connectionState: 'CONNECTED' } });
  await db.cluster.update({ where: { id: id(0) }, data: { lastSeenAt: new Date(), connectionState: 'CONNECTED' } });
  await db.user.findMany({ where: { username: 'x' } });
  await db.session.findFirst({ where: { id: 'x' }, include: { user: true } });
  await db.auditEntry.findMany({ where: { targetType: 'cluster' }, orderBy: { createdAt: 'desc' }, take: 50 });
  await db.auditEntry.create({ data: { id: id(1), actorName: 'bench', actorKind: 'system', action: 'bench', targetType: 'cluster', details: { a: 1 } } });
  await db.gitRepository.findMany({ where: { namespace: 'flotilla-system' }, take: 20 });
  await db.kustomization.findMany({ where: { namespace: 'flotilla-system' }, take: 20 });
  await db.helmRelease.findMany({ take: 20 });
  await db.clusterAssignment.findMany({ where: { clusterId: id(0) } });
  await db.fluxObject.findMany({ where: { clusterId: id(0) }, take: 100 });
  await db.clusterEvent.findMany({ where: { clusterId: id(0) }, orderBy: { id: 'desc' }, take: 50 });
  await db.imagePolicy.findMany({ take: 20 });
  await db.updateProposal.findMany({ where: { state: 'OPEN' }, take: 20 });
  await db.notificationAlert.findMany({ take: 20 });
  await db.team.findMany({ include: { members: true, grants: true } });
  await db.cluster.deleteMany({ where: { id: id(0) } });
  const coldMs = performance.now() - t1;
  await db.cluster.create({ data: { id: id(0), name: id(0) } });
  const t2 = performance.now();
  for (let i = 0; i < LOOPS; i++) {
    await db.cluster.findUnique({ where: { id: id(0) } });
    await db.cluster.findMany({ where: { name: { startsWith: 'c' } }, orderBy: { name: 'asc' }, take: 10 });
    await db.cluster.update({ where: { id: id(0) }, data: { lastSeenAt: new Date() } });
    await db.auditEntry.findMany({ where: { targetType: 'cluster' }, orderBy: { createdAt: 'desc' }, take: 50 });
    await db.session.findFirst({ where: { id: 'x' }, include: { user: true } });
  }
  const warmMs = performance.now() - t2;
  await db.cluster.deleteMany({ where: { id: id(0) } });
  await db.$disconnect();
  return { firstMs, coldMs, warmMs, rssMiB: process.memoryUsage().rss / 1048576 };
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!, process.argv[4]!).then(
    (f) => {
      process.stdout.write(JSON.stringify(f));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
} else {
  runBench(async () => {
    const clients = JSON.parse(process.env.BENCH_CLIENTS ?? '{"generated":{"dir":"prisma/generated/prisma"}}') as Record<string, { dir: string; node?: string[] }>;
    const pg = await startPostgres();
    try {
      const url = await pg.createDatabase();
      const results: Record<string, Figures[]> = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
      for (let r = 0; r < ROUNDS; r++)
        for (const [label, { dir, node = [] }] of Object.entries(clients)) {
          const out = spawnSync(process.execPath, [...node, '--import', 'tsx', path.join(repoRoot, 'bench/runtime/prisma-compiler.ts'), '--child', dir, url], { cwd: repoRoot, encoding: 'utf8' });
          if (out.status !== 0) throw new Error(`${label}: ${out.stderr}`);
          const f = JSON.parse(out.stdout) as Figures;
          results[label]!.push(f);
          log(`round ${r + 1} ${label.padEnd(14)} first query ${f.firstMs.toFixed(0)} ms, 20 cold shapes ${f.coldMs.toFixed(0)} ms, ${LOOPS}×5 warm ${f.warmMs.toFixed(0)} ms, RSS ${f.rssMiB.toFixed(0)} MiB (load ${loadAverage()})`);
        }
      log(`medians of ${ROUNDS}:`);
      for (const [label, fs] of Object.entries(results))
        log(`  ${label.padEnd(14)} first query ${median(fs.map((f) => f.firstMs)).toFixed(0)} ms, 20 cold shapes ${median(fs.map((f) => f.coldMs)).toFixed(0)} ms, ${LOOPS}×5 warm ${median(fs.map((f) => f.warmMs)).toFixed(0)} ms, RSS ${median(fs.map((f) => f.rssMiB)).toFixed(0)} MiB`);
    } finally {
      await pg.stop();
    }
  });
}
