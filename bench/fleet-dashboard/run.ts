// bench/fleet-dashboard: the fleet dashboard's GraphQL reads over a fleet seeded in Postgres by bulk INSERTs.
// Real parts: Postgres (testenv) and the hub as `pnpm start` runs it, signed in as admin. BENCH_CLUSTERS
// clusters (default 10,000) with BENCH_OBJECTS_PER_CLUSTER Flux objects each (default 20 → 200,000), the
// Kustomizations among them holding BENCH_INVENTORY_PER_KS inventory entries each (default 25), and
// BENCH_EVENTS events. Each query is timed BENCH_SAMPLES times (default 15); the peer is the cluster list the
// UI had before (`clusters(first: 50)`), measured in the same run. The rollout matrix follows a Kustomization
// every cluster runs (its summary and first page of 100 clusters in one request), grouped by env, then by region.
// Stops by itself.
import pg from 'pg';
import { percentile, startPostgres } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { startBenchHub, type BenchHub } from '../push-to-ready/hub.js';
import { fleetSizeFromEnv } from './fleet-size.js';
import { seedFleet } from './seed.js';

const SIZE = fleetSizeFromEnv();
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);

const OVERVIEW = `query {
  fleetSummary { clusters { connected disconnected pending revoked } objects { ready progressing failing stalled suspended } }
  fleetAttention(first: 50) { totalCount items { type clusterName kind namespace name reason message since } }
  fleetActivity(first: 50) { items { id clusterName kind namespace name severity reason message occurredAt } }
}`;
const TABLE = `query($filter: FleetClusterFilter, $sort: FleetClusterSort) {
  fleetClusters(filter: $filter, sort: $sort, first: 50) { totalCount rows { id name labels { key value } connectionState lastSeenAt total ready failing stalled worst worstReason revisions behind } }
}`;
const SEARCH = `query($q: String!) { fleetSearch(query: $q, first: 20) { truncated objects { clusterName kind namespace name health } inventory { clusterName kind namespace name ownerName } images { clusterName kind namespace name image } } }`;
const PEER = `query { clusters(first: 50) { totalCount edges { node { id name labels { key value } connectionState lastSeenAt } } } }`;
const ROLLOUT = `query($target: FleetRolloutTarget!, $groupBy: String) {
  fleetRolloutSummary(target: $target, groupBy: $groupBy) { clusters revisions { revision clusters newest } groups { value clusters onNewest onOlder } }
  fleetRolloutClusters(target: $target, groupBy: $groupBy, first: 100) { totalCount rows { clusterId clusterName group cells { object health revision } } }
}`;
/** A Kustomization every seeded cluster runs, one in ten on an older revision. */
const ROLLOUT_TARGET = { kind: 'Kustomization', namespace: 'team-0', name: 'app-0' };

async function timeIt(
  hub: BenchHub,
  query: string,
  variables: () => Record<string, unknown> = () => ({}),
): Promise<number[]> {
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
    log(
      `seeding ${SIZE.clusters} clusters × ${SIZE.objectsPerCluster} objects (${SIZE.inventoryPerKustomization} inventory entries per Kustomization) and ${SIZE.events} events`,
    );
    const seeded = performance.now();
    await seedFleet(db, SIZE);
    const seedS = (performance.now() - seeded) / 1000;
    const counts = await db.query<{ objects: number; entries: number; events: number; images: number }>(
      `SELECT (SELECT count(*) FROM flux_objects)::int AS objects,
              (SELECT COALESCE(sum(jsonb_array_length(inventory)), 0) FROM flux_objects)::int AS entries,
              (SELECT count(*) FROM cluster_events)::int AS events,
              (SELECT count(*) FROM flux_inventory_images)::int AS images`,
    );
    const c = counts.rows[0]!;
    log(
      `seeded in ${seedS.toFixed(0)} s (vacuum analyze after): ${SIZE.clusters} clusters, ${c.objects} Flux objects, ${c.entries} inventory entries, ${c.images} workload images, ${c.events} events`,
    );

    const terms = [
      'app-7-1',
      'app-13',
      'team-3',
      'Deployment',
      'app-19-24',
      'cluster',
      'ConfigMap',
      'app-2-2',
      'nomatch-xyz',
      'app-1',
      // Images: a whole reference, a repository on every cluster, a tag shared by a quarter of the fleet.
      'registry.example.com/app-7:1.3.0',
      'envoyproxy/envoy',
      'v1.31',
    ];
    let term = 0;
    const figures: Figure[] = [
      { what: 'peer: clusters(first: 50), the old table', samples: await timeIt(hub, PEER), goalMs: null },
      {
        what: 'overview (summary + attention + activity)',
        samples: await timeIt(hub, OVERVIEW),
        goalMs: 1500,
      },
      { what: 'cluster table, first page by name', samples: await timeIt(hub, TABLE), goalMs: 500 },
      {
        what: 'cluster table, sorted by failing',
        samples: await timeIt(hub, TABLE, () => ({ sort: { field: 'FAILING', descending: true } })),
        goalMs: 500,
      },
      {
        what: 'filter change: env=prod, worst FAILING|STALLED',
        samples: await timeIt(hub, TABLE, () => ({
          filter: { selector: 'env=prod', worst: ['FAILING', 'STALLED'] },
        })),
        goalMs: 500,
      },
      {
        what: 'rollout matrix, first page grouped by env',
        samples: await timeIt(hub, ROLLOUT, () => ({ target: ROLLOUT_TARGET, groupBy: 'env' })),
        goalMs: 500,
      },
      {
        what: 'rollout matrix, regrouped by region',
        samples: await timeIt(hub, ROLLOUT, () => ({ target: ROLLOUT_TARGET, groupBy: 'region' })),
        goalMs: 500,
      },
      {
        what: 'search (13 terms, objects + inventory + images)',
        samples: await timeIt(hub, SEARCH, () => ({ q: terms[term++ % terms.length] })),
        goalMs: 300,
      },
    ];
    // The slowest term decides p95, so each term is also timed once, to say which it is.
    const perTerm: string[] = [];
    for (const q of terms) {
      const started = performance.now();
      await hub.gql(SEARCH, { q });
      perTerm.push(`${q} ${(performance.now() - started).toFixed(0)}`);
    }
    const peer = percentile(figures[0]!.samples, 50);
    console.log(`\nfleet-dashboard, ${SAMPLES} samples each, load average ${loadAverage()}`);
    console.log(
      'query                                              p50        p95        max   × peer p50   goal (p95)',
    );
    for (const f of figures) {
      const p50 = percentile(f.samples, 50);
      const p95 = percentile(f.samples, 95);
      const verdict = f.goalMs === null ? '' : `${p95 <= f.goalMs ? 'met' : 'MISSED'} (< ${f.goalMs} ms)`;
      console.log(
        `${f.what.padEnd(48)} ${ms(p50)} ${ms(p95)} ${ms(Math.max(...f.samples))} ${(p50 / peer).toFixed(1).padStart(10)}   ${verdict}`,
      );
    }
    console.log(`search once per term (ms): ${perTerm.join(', ')}`);
  } finally {
    await db.end();
    await hub.stop();
    await postgres.stop();
  }
});
