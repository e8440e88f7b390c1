// bench/notifications: notification throughput with a slow provider. Real parts: Postgres, the hub
// (`pnpm start`), and a local HTTP server standing in for the provider that answers each request after
// BENCH_PROVIDER_DELAY_MS (default 250 ms). Cluster events are written into cluster_events as ingestion writes
// them, at BENCH_EVENTS_PER_MINUTE (default 10,000) for BENCH_SECONDS (default 60), each distinct (so Flux's
// de-duplication keeps them all), with one Alert taking every event. It reports how long the outbox and the
// delivery queue take to drain after the last event, whether every event was delivered exactly once, the
// largest backlog seen, and GraphQL latency while the load runs (the hub stays responsive). Bounded: it stops
// after BENCH_DRAIN_TIMEOUT_S (default 180) of draining whatever happened.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { percentile, startPostgres, type TestPostgres } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { startBenchHub, type BenchHub } from '../push-to-ready/hub.js';

const PER_MINUTE = Number(process.env.BENCH_EVENTS_PER_MINUTE ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const DELAY_MS = Number(process.env.BENCH_PROVIDER_DELAY_MS ?? 250);
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT_S ?? 180) * 1000;
const CLUSTERS = 5;

async function main(): Promise<void> {
  log(`load average at start: ${loadAverage()}`);
  let postgres: TestPostgres | undefined;
  let hub: BenchHub | undefined;
  let provider: http.Server | undefined;
  try {
    postgres = await startPostgres();
    const url = await postgres.createDatabase({ migrate: false });
    hub = await startBenchHub(url);
    const h = hub;
    const pool = new pg.Pool({ connectionString: url, max: 4 });

    // The provider: counts each event it receives (the message carries the event number), answers late.
    const received = new Map<number, number>();
    let requests = 0;
    provider = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests++;
        const n = Number(/#(\d+)/.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? -1);
        setTimeout(() => {
          received.set(n, (received.get(n) ?? 0) + 1);
          res.writeHead(200).end('ok');
        }, DELAY_MS);
      });
    });
    await new Promise<void>((resolve) => provider!.listen(0, '127.0.0.1', resolve));
    const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/hook`;

    const p = await h.gql<{ createNotificationProvider: { id: string } }>(
      'mutation($input: NotificationProviderInput!) { createNotificationProvider(input: $input) { id } }',
      { input: { name: 'slow', type: 'generic', address: providerUrl } },
    );
    await h.gql('mutation($input: AlertInput!) { createAlert(input: $input) { id } }', {
      input: {
        name: 'all',
        providerId: p.createNotificationProvider.id,
        eventSources: [{ kind: 'Kustomization', name: '*' }],
      },
    });
    for (let c = 0; c < CLUSTERS; c++)
      await pool.query(`INSERT INTO clusters (id, name, labels) VALUES ($1, $1, '{}')`, [`bench-${c}`]);

    const total = Math.round((PER_MINUTE * SECONDS) / 60);
    const perTick = Math.max(1, Math.round(PER_MINUTE / 60 / 10)); // every 100 ms
    const backlog = async () => {
      const { rows } = await pool.query<{ outbox: string; pending: string }>(
        `SELECT (SELECT count(*) FROM notification_outbox) AS outbox, (SELECT count(*) FROM notification_deliveries WHERE state = 'pending') AS pending`,
      );
      return Number(rows[0]!.outbox) + Number(rows[0]!.pending);
    };
    const gqlLatencies: number[] = [];
    let maxBacklog = 0;
    let injecting = true;
    const probe = (async () => {
      while (injecting) {
        const t = performance.now();
        await h.gql('{ notificationProviders { id ready } }');
        gqlLatencies.push(performance.now() - t);
        maxBacklog = Math.max(maxBacklog, await backlog());
        await sleep(250);
      }
    })();

    log(
      `writing ${total} events at ${PER_MINUTE}/min over ${SECONDS} s; provider answers after ${DELAY_MS} ms`,
    );
    const started = performance.now();
    let written = 0;
    while (written < total) {
      const batch = Math.min(perTick, total - written);
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = 0; i < batch; i++) {
        const n = written + i;
        params.push(`bench-${n % CLUSTERS}`, `HealthCheckFailed #${n}`);
        values.push(
          `($${params.length - 1}, 'Kustomization', 'flotilla-system', 'apps', 'error', 'HealthCheckFailed', $${params.length}, now())`,
        );
      }
      await pool.query(
        `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at) VALUES ${values.join(',')}`,
        params,
      );
      written += batch;
      const due = started + (written / total) * SECONDS * 1000;
      await sleep(Math.max(0, due - performance.now()));
    }
    const injectedAt = performance.now();
    injecting = false;
    await probe;
    log(`wrote ${written} events in ${((injectedAt - started) / 1000).toFixed(1)} s; draining`);

    let left = await backlog();
    while (left > 0 && performance.now() - injectedAt < DRAIN_TIMEOUT_MS) {
      await sleep(500);
      left = await backlog();
    }
    const drainedMs = performance.now() - injectedAt;
    await sleep(DELAY_MS + 500);
    const missing = Array.from({ length: total }, (_, n) => n).filter((n) => !received.has(n)).length;
    const twice = [...received.values()].filter((v) => v > 1).length;
    const { rows: attempts } = await pool.query<{ n: string; failed: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE error IS NOT NULL) AS failed FROM notification_attempts`,
    );
    const wall = (performance.now() - started) / 1000;
    console.log('\nnotifications: cluster events → outbox → Alert → slow generic provider');
    console.log(
      `events written          ${total} (${PER_MINUTE}/min for ${SECONDS} s, ${CLUSTERS} clusters)`,
    );
    console.log(`provider delay          ${DELAY_MS} ms per request`);
    console.log(
      `delivered               ${received.size} distinct, ${missing} missing, ${twice} delivered more than once (${requests} requests)`,
    );
    console.log(`delivery attempts       ${attempts[0]!.n} (${attempts[0]!.failed} failed)`);
    console.log(`backlog left            ${left}; largest seen during load ${maxBacklog}`);
    console.log(
      `drained after last event ${left === 0 ? `${(drainedMs / 1000).toFixed(1)} s` : `NOT within ${DRAIN_TIMEOUT_MS / 1000} s`}`,
    );
    console.log(
      `throughput              ${(received.size / wall).toFixed(0)} deliveries/s over ${wall.toFixed(0)} s`,
    );
    console.log(
      `GraphQL during load     p50 ${percentile(gqlLatencies, 50).toFixed(0)} ms, p95 ${percentile(gqlLatencies, 95).toFixed(0)} ms, max ${Math.max(...gqlLatencies).toFixed(0)} ms (${gqlLatencies.length} probes)`,
    );
    console.log(`load average at end     ${loadAverage()}`);
    await pool.end();
  } finally {
    provider?.closeAllConnections();
    provider?.close();
    await hub?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  }
}

runBench(main);
