// bench/push-to-ready: from `git push` to every targeted cluster Ready at the new revision.
// Real parts only: Postgres, the git server, the hub (`pnpm start`), N testenv clusters (kube-apiserver +
// 1 kwok node each) each with the real agent process. For N in BENCH_CLUSTERS (default 1,5) and the variants
// in BENCH_VARIANTS (default all three) — a signed GitHub push webhook to a hub Receiver, a GitRepository
// reconcile request through GraphQL at push time, and polling only (GitRepository interval 10s) — it pushes BENCH_PUSHES (default 20) ConfigMap changes and times each push
// until GraphQL shows every cluster's KustomizationClusterStatus Ready=True at `main@sha1:<sha>`.
import { createHmac } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  makeTempDir,
  ManagedProcess,
  repoRoot,
  startCluster,
  startGitServer,
  startPostgres,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { startBenchHub, type BenchHub } from './hub.js';
import { formatTable, type Row } from './stats.js';

const PUSHES = Number(process.env.BENCH_PUSHES ?? 20);
const COUNTS = (process.env.BENCH_CLUSTERS ?? '1,5')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const SOURCE_INTERVAL = '10s';
const SOURCE_INTERVAL_MS = 10_000;
const PUSH_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 180_000;
// 100 ms by default; lower it to see below the ~0.12 s floor the poll tick sets on the request variant.
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const REPO = 'fleet-infra';
const FILE = 'clusters/my-cluster/bench-config.yaml';
const LABEL = { key: 'bench', value: 'push-to-ready' };

type Variant = 'webhook' | 'request' | 'poll';
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'webhook,request,poll').split(',') as Variant[];
const variantName: Record<Variant, string> = {
  webhook: 'GitHub push webhook (Receiver)',
  request: 'reconcile request at push',
  poll: `polling only (interval ${SOURCE_INTERVAL})`,
};

const configMap = (round: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: bench-push-to-ready
  namespace: default
data:
  round: "${round}"
`;

interface ClusterStatus {
  cluster: { name: string };
  ready: string;
  lastAppliedRevision: string | null;
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  log(`load average at start: ${loadAtStart} (${os.cpus().length} cores)`);
  let pg: TestPostgres | undefined;
  let git: TestGitServer | undefined;
  let hub: BenchHub | undefined;
  const clusters: TestCluster[] = [];
  const agents: ManagedProcess[] = [];
  const rows: Row[] = [];
  try {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    const gitServer = git;
    const repoUrl = await gitServer.createRepo(REPO);
    let round = 0;
    let lastSha = await gitServer.pushFiles(
      REPO,
      { [FILE]: configMap(round) },
      { message: 'bench: initial' },
    );
    hub = await startBenchHub(await pg.createDatabase({ migrate: false }));
    const h = hub;
    log(`hub at ${h.url} (log ${h.logPath})`);

    const source = await h.gql<{ createGitRepository: { id: string } }>(
      'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }',
      { input: { name: REPO, url: repoUrl, ref: { branch: 'main' }, interval: SOURCE_INTERVAL } },
    );
    const kustomization = await h.gql<{ createKustomization: { id: string } }>(
      'mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }',
      {
        input: {
          name: 'apps',
          spec: {
            sourceRef: { kind: 'GitRepository', name: REPO },
            path: './clusters/my-cluster',
            interval: '10m',
            prune: true,
          },
          placement: { clusterSelector: `${LABEL.key}=${LABEL.value}` },
        },
      },
    );
    const sourceId = source.createGitRepository.id;
    const kustomizationId = kustomization.createKustomization.id;

    const statuses = async () =>
      (
        await h.gql<{ kustomization: { clusters: ClusterStatus[] } }>(
          'query($id: ID!) { kustomization(id: $id) { clusters { cluster { name } ready lastAppliedRevision } } }',
          { id: kustomizationId },
        )
      ).kustomization.clusters;
    /** Polls GraphQL every 100 ms until all `n` clusters are Ready at `main@sha1:<sha>`; the elapsed ms, or undefined on timeout. */
    const untilReady = async (n: number, sha: string, started: number, timeoutMs: number) => {
      const want = `main@sha1:${sha}`;
      while (performance.now() - started < timeoutMs) {
        const rows = await statuses();
        const done = rows.filter((r) => r.ready === 'True' && r.lastAppliedRevision === want).length;
        if (done >= n) return performance.now() - started;
        await sleep(POLL_MS);
      }
      const rows = await statuses();
      log(`timed out; statuses: ${JSON.stringify(rows)}`);
      return undefined;
    };
    const requestSource = () =>
      h.gql('mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }', {
        input: { kind: 'GitRepository', id: sourceId },
      });

    const receiver = await h.gql<{ createReceiver: { token: string; receiver: { webhookPath: string } } }>(
      'mutation($input: ReceiverInput!) { createReceiver(input: $input) { token receiver { webhookPath } } }',
      { input: { name: 'bench-push', type: 'github', events: ['push'], resources: [{ kind: 'GitRepository', name: REPO }] } },
    );
    /** What GitHub sends on a push: the event header, a delivery id and the body's HMAC-SHA256 with the secret. */
    const pushWebhook = async (sha: string) => {
      const body = JSON.stringify({ ref: 'refs/heads/main', after: sha });
      const signature = `sha256=${createHmac('sha256', receiver.createReceiver.token).update(body).digest('hex')}`;
      const res = await fetch(`${h.url}${receiver.createReceiver.receiver.webhookPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': crypto.randomUUID(), 'x-hub-signature-256': signature },
        body,
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    };

    const workDir = await makeTempDir('bench-push-to-ready');
    const addCluster = async () => {
      const i = clusters.length + 1;
      const t = performance.now();
      const cluster = await startCluster({ name: `bench-push-${i}`, nodes: 1 });
      clusters.push(cluster);
      const reg = await h.gql<{ createRegistrationToken: { agentCommand: string } }>(
        'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { agentCommand } }',
        { input: { clusterName: `bench-push-${i}`, labels: [LABEL] } },
      );
      // The command the UI prints, with the test cluster's kubeconfig and per-agent state and cache paths.
      const words = reg.createRegistrationToken.agentCommand.trim().split(/\s+/);
      const args = words.slice(1).map((w) => (w === '~/.kube/config' ? cluster.kubeconfigPath : w));
      args.push(
        '--state-file',
        path.join(workDir, `agent-${i}.json`),
        '--cache-dir',
        path.join(workDir, `agent-${i}-cache`),
      );
      agents.push(
        ManagedProcess.start({
          name: `agent-${i}`,
          command: 'pnpm',
          args,
          cwd: repoRoot,
          logPath: path.join(workDir, `agent-${i}.log`),
        }),
      );
      log(`cluster ${i} and its agent started in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };

    for (const n of COUNTS) {
      // Control planes start one after another: several at once on 2 cores time out their own health checks.
      while (clusters.length < n) await addCluster();
      await requestSource();
      if ((await untilReady(n, lastSha, performance.now(), SETTLE_TIMEOUT_MS)) === undefined)
        throw new Error(
          `${n} cluster(s) did not become Ready at the initial revision within ${SETTLE_TIMEOUT_MS / 1000} s`,
        );
      log(`${n} cluster(s) Ready at main@sha1:${lastSha.slice(0, 7)}; load ${loadAverage()}`);

      for (const variant of VARIANTS) {
        const row: Row = { variant: variantName[variant], clusters: n, samplesMs: [], failures: 0 };
        rows.push(row);
        for (let p = 0; p < PUSHES; p++) {
          // Polling: push at a random phase of the source interval, or every push would land just after a
          // fetch and wait the whole interval. With a request: a short fixed gap is enough.
          await sleep(variant === 'poll' ? Math.random() * SOURCE_INTERVAL_MS : 500);
          round++;
          lastSha = await gitServer.pushFiles(
            REPO,
            { [FILE]: configMap(round) },
            { message: `bench: round ${round}` },
          );
          const started = performance.now();
          if (variant === 'request') await requestSource();
          if (variant === 'webhook') await pushWebhook(lastSha);
          const ms = await untilReady(n, lastSha, started, PUSH_TIMEOUT_MS);
          if (ms === undefined) row.failures++;
          else row.samplesMs.push(ms);
          log(
            `${variantName[variant]}, ${n} cluster(s), push ${p + 1}/${PUSHES}: ${ms === undefined ? 'TIMEOUT' : `${(ms / 1000).toFixed(2)} s`}`,
          );
          if (ms === undefined) {
            // Start the next push from a settled fleet.
            await requestSource();
            await untilReady(n, lastSha, performance.now(), SETTLE_TIMEOUT_MS);
          }
        }
      }
    }
  } finally {
    log('tearing down');
    await Promise.allSettled(agents.map((a) => a.stop()));
    await hub?.stop().catch(() => undefined);
    for (const c of clusters) await c.stop().catch(() => undefined);
    await Promise.allSettled([git?.stop(), pg?.stop()]);
    if (rows.length > 0) {
      console.log(
        '\npush-to-ready: from `git push` returning to every targeted cluster Ready=True at main@sha1:<sha>',
      );
      console.log(
        `(GitRepository interval ${SOURCE_INTERVAL}; GraphQL polled every ${POLL_MS} ms; ConfigMap change; ${os.cpus().length} cores)\n`,
      );
      console.log(formatTable(rows.filter((r) => r.samplesMs.length > 0 || r.failures > 0)));
      console.log(`\nload average at start: ${loadAtStart}; at end: ${loadAverage()}`);
    }
  }
}

runBench(main);
