// bench/fleet-dashboard: the fleet dashboard's GraphQL reads over a fleet seeded in Postgres by bulk INSERTs.
// Real parts: Postgres (testenv) and the hub as `pnpm start` runs it, signed in as admin. BENCH_CLUSTERS
// clusters (default 10,000) with BENCH_OBJECTS_PER_CLUSTER Flux objects each (default 20 → 200,000), the
// Kustomizations among them holding BENCH_INVENTORY_PER_KS inventory entries each (default 25), and
// BENCH_EVENTS events. Each query is timed BENCH_SAMPLES times (default 15); the peer is the cluster list the
// UI had before (`clusters(first: 50)`), measured in the same run. Stops by itself.
import pg from 'pg';
import { percentile, startPostgres } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { startBenchHub, type BenchHub } from '../push-to-ready/hub.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const PER_CLUSTER = Number(process.env.BENCH_OBJECTS_PER_CLUSTER ?? 20);
const PER_KS = Number(process.env.BENCH_INVENTORY_PER_KS ?? 25);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);

// Of every 20 objects of a cluster: 8 Kustomizations, 4 HelmReleases, 8 sources. About 3% fail, 1% stall,
// 2% are suspended, 4% progress; one cluster in ten runs an older revision of its Kustomizations.
const SEED_CLUSTERS = `
INSERT INTO clusters (id, name, labels, connection_state, last_seen_at)
SELECT 'c' || i, 'cluster-' || lpad(i::text, 5, '0'),
       jsonb_build_object('env', (ARRAY['prod', 'staging', 'dev'])[1 + i % 3], 'region', 'r' || (i % 12), 'tier', 't' || (i % 4)),
       (CASE WHEN i % 50 = 0 THEN 'DISCONNECTED' WHEN i % 97 = 0 THEN 'PENDING' ELSE 'CONNECTED' END)::"ClusterConnectionState",
       now() - (i % 600) * interval '1 second'
  FROM generate_series(1, $1::int) i`;

const SEED_OBJECTS = `
INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, ready, ready_reason, ready_message, state, suspended, revision, conditions, inventory)
SELECT 'c' || i, o.kind, 'team-' || (j % 5), 'app-' || j, 'cluster', o.ready, o.reason, o.reason || ' on app-' || j,
       CASE WHEN o.h = 'suspended' THEN 'suspended' WHEN o.ready = 'True' THEN 'ready' WHEN o.ready = 'False' THEN 'failing' ELSE 'progressing' END,
       o.h = 'suspended',
       CASE WHEN o.kind IN ('Kustomization', 'HelmRelease') THEN 'main@sha1:' || CASE WHEN i % 10 = 0 THEN 'old' ELSE 'new' END || (j % 3) END,
       jsonb_build_array(jsonb_build_object('type', 'Ready', 'status', o.ready, 'reason', o.reason, 'message', o.reason, 'lastTransitionTime', '2026-12-03T00:00:00Z'))
         || CASE WHEN o.h = 'stalled' THEN '[{"type": "Stalled", "status": "True", "reason": "InvalidPath", "message": "stalled", "lastTransitionTime": "2026-12-03T00:00:00Z"}]'::jsonb ELSE '[]'::jsonb END,
       CASE WHEN o.kind = 'Kustomization' THEN (
         SELECT jsonb_agg(jsonb_build_object('id', 'team-' || (j % 5) || '_app-' || j || '-' || k || '_apps_' || (ARRAY['Deployment', 'Service', 'ConfigMap'])[1 + k % 3], 'v', 'v1'))
           FROM generate_series(1, $2::int) k) ELSE '[]'::jsonb END
  FROM generate_series(1, $1::int) i, generate_series(0, $3::int - 1) j,
       LATERAL (SELECT CASE WHEN j % 20 < 8 THEN 'Kustomization' WHEN j % 20 < 12 THEN 'HelmRelease'
                            WHEN j % 20 < 16 THEN 'GitRepository' WHEN j % 20 < 18 THEN 'OCIRepository' ELSE 'HelmRepository' END AS kind,
                       CASE WHEN (i * 7 + j) % 100 < 3 THEN 'failing' WHEN (i * 7 + j) % 100 = 3 THEN 'stalled'
                            WHEN (i * 7 + j) % 100 < 6 THEN 'suspended' WHEN (i * 7 + j) % 100 < 10 THEN 'progressing' ELSE 'ready' END AS h) s,
       LATERAL (SELECT s.kind, s.h,
                       CASE s.h WHEN 'failing' THEN 'False' WHEN 'stalled' THEN 'False' WHEN 'progressing' THEN 'Unknown' ELSE 'True' END AS ready,
                       CASE s.h WHEN 'failing' THEN 'HealthCheckFailed' WHEN 'stalled' THEN 'InvalidPath' WHEN 'progressing' THEN 'Progressing' ELSE 'ReconciliationSucceeded' END AS reason) o`;

const SEED_EVENTS = `
INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
SELECT 'c' || (1 + n % $1::int), CASE WHEN n % 3 = 0 THEN 'GitRepository' ELSE 'Kustomization' END, 'team-' || (n % 5), 'app-' || (n % 20),
       CASE WHEN n % 10 = 0 THEN 'error' ELSE 'info' END, 'ReconciliationSucceeded', 'event ' || n, now() - n * interval '100 milliseconds'
  FROM generate_series(1, $2::int) n`;

const OVERVIEW = `query {
  fleetSummary { clusters { connected disconnected pending revoked } objects { ready progressing failing stalled suspended } }
  fleetAttention(first: 50) { totalCount items { type clusterName kind namespace name reason message since } }
  fleetActivity(first: 50) { items { id clusterName kind namespace name severity reason message occurredAt } }
}`;
const TABLE = `query($filter: FleetClusterFilter, $sort: FleetClusterSort) {
  fleetClusters(filter: $filter, sort: $sort, first: 50) { totalCount rows { id name labels { key value } connectionState lastSeenAt total ready failing stalled worst worstReason revisions offRevision } }
}`;
const SEARCH = `query($q: String!) { fleetSearch(query: $q, first: 20) { truncated objects { clusterName kind namespace name health } inventory { clusterName kind namespace name ownerName } } }`;
const PEER = `query { clusters(first: 50) { totalCount edges { node { id name labels { key value } connectionState lastSeenAt } } } }`;

async function timeIt(hub: BenchHub, query: string, variables: () => Record<string, unknown> = () => ({})): Promise<number[]> {
  await hub.gql(query, variables()); // warm the plan cache
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = performance.now();
    await hub.gql(query, variables());
    samples.push(performance.now() - started);
  }
  return samples;
}

const ms = (x: number): string => `${x.toFixed(0).padStart(6)} ms`;

interface Figure {
  what: string;
  samples: number[];
  goalMs: number | null;
}

runBench(async () => {
  const postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase();
  const hub = await startBenchHub(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    log(`seeding ${CLUSTERS} clusters × ${PER_CLUSTER} objects (${PER_KS} inventory entries per Kustomization) and ${EVENTS} events`);
    const seeded = performance.now();
    await db.query('BEGIN');
    await db.query(SEED_CLUSTERS, [CLUSTERS]);
    await db.query(SEED_OBJECTS, [CLUSTERS, PER_KS, PER_CLUSTER]);
    await db.query(SEED_EVENTS, [CLUSTERS, EVENTS]);
    await db.query('COMMIT');
    const seedS = (performance.now() - seeded) / 1000;
    await db.query('VACUUM ANALYZE clusters, flux_objects, cluster_events');
    const counts = await db.query<{ objects: number; entries: number; events: number }>(
      `SELECT (SELECT count(*) FROM flux_objects)::int AS objects,
              (SELECT COALESCE(sum(jsonb_array_length(inventory)), 0) FROM flux_objects)::int AS entries,
              (SELECT count(*) FROM cluster_events)::int AS events`,
    );
    const c = counts.rows[0]!;
    log(`seeded in ${seedS.toFixed(0)} s (vacuum analyze after): ${CLUSTERS} clusters, ${c.objects} Flux objects, ${c.entries} inventory entries, ${c.events} events`);

    const terms = ['app-7-1', 'app-13', 'team-3', 'Deployment', 'app-19-24', 'cluster', 'ConfigMap', 'app-2-2', 'nomatch-xyz', 'app-1'];
    let term = 0;
    const figures: Figure[] = [
      { what: 'peer: clusters(first: 50), the old table', samples: await timeIt(hub, PEER), goalMs: null },
      { what: 'overview (summary + attention + activity)', samples: await timeIt(hub, OVERVIEW), goalMs: 1500 },
      { what: 'cluster table, first page by name', samples: await timeIt(hub, TABLE), goalMs: 500 },
      { what: 'cluster table, sorted by failing', samples: await timeIt(hub, TABLE, () => ({ sort: { field: 'FAILING', descending: true } })), goalMs: 500 },
      { what: 'filter change: env=prod, worst FAILING|STALLED', samples: await timeIt(hub, TABLE, () => ({ filter: { selector: 'env=prod', worst: ['FAILING', 'STALLED'] } })), goalMs: 500 },
      { what: 'search (10 terms, objects + inventory)', samples: await timeIt(hub, SEARCH, () => ({ q: terms[term++ % terms.length] })), goalMs: 300 },
    ];
    const peer = percentile(figures[0]!.samples, 50);
    console.log(`\nfleet-dashboard, ${SAMPLES} samples each, load average ${loadAverage()}`);
    console.log('query                                              p50        p95        max   × peer p50   goal (p95)');
    for (const f of figures) {
      const p50 = percentile(f.samples, 50);
      const p95 = percentile(f.samples, 95);
      const verdict = f.goalMs === null ? '' : `${p95 <= f.goalMs ? 'met' : 'MISSED'} (< ${f.goalMs} ms)`;
      console.log(`${f.what.padEnd(48)} ${ms(p50)} ${ms(p95)} ${ms(Math.max(...f.samples))} ${(p50 / peer).toFixed(1).padStart(10)}   ${verdict}`);
    }
  } finally {
    await db.end();
    await hub.stop();
    await postgres.stop();
  }
});
