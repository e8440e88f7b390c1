// Times `seedFleet` alone on a testenv Postgres (the BENCH_* sizes of fleet-size.ts), and checks the per-cluster
// figures the triggers filled against the objects. BENCH_SEED_EXPLAIN_MS logs the plans (with trigger times) of
// the seed's statements slower than that, nested trigger statements included, to stdout.
import pg from 'pg';
import { startPostgres } from '@flotilla/testenv';
import { fleetSizeFromEnv } from './fleet-size.js';
import { seedFleet } from './seed.js';

const size = fleetSizeFromEnv();
const explainMs = process.env.BENCH_SEED_EXPLAIN_MS;
const postgres = await startPostgres();
try {
  const db = new pg.Client({ connectionString: await postgres.createDatabase() });
  await db.connect();
  if (explainMs !== undefined) {
    for (const s of ["LOAD 'auto_explain'", `SET auto_explain.log_min_duration = ${Number(explainMs)}`, 'SET auto_explain.log_analyze = on', 'SET auto_explain.log_triggers = on', 'SET auto_explain.log_nested_statements = on', 'SET client_min_messages = log']) await db.query(s);
    db.on('notice', (n) => process.stdout.write(`${n.message ?? ''}\n`));
  }
  const started = performance.now();
  await seedFleet(db, size);
  process.stdout.write(`seed of ${size.clusters} clusters × ${size.objectsPerCluster} objects (${size.inventoryPerKustomization} inventory entries per Kustomization): ${(performance.now() - started).toFixed(0)} ms\n`);
  const { rows } = await db.query<{ differ: number }>(
    `SELECT count(*)::int AS differ FROM fleet_cluster_health h
       FULL JOIN (SELECT cluster_id, count(*)::int AS total, count(DISTINCT revision)::int AS revisions FROM flux_objects GROUP BY cluster_id) f USING (cluster_id)
      WHERE (h.total, h.revisions) IS DISTINCT FROM (f.total, f.revisions)`,
  );
  process.stdout.write(`clusters whose kept figures differ from their objects: ${rows[0]!.differ}\n`);
  await db.end();
} finally {
  await postgres.stop();
}
