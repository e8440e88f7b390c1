import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import { runConnection, type ConnectionSession } from '../connection/run-connection.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startHubProcess, type HubProcess } from '../testing/hub-process.js';
import { Outbox, type EventItem } from './outbox.js';
import { ReportChannel } from './report-channel.js';

// The agent's outbox and report channel against the real hub process with a tight per-agent rate limit: a
// backlog far past the burst, sent all at once after connecting, must end up stored exactly once, in order,
// with nothing lost, because refused batches stay in the outbox and go again after the delay the hub names.

let pgServer: TestPostgres;
let hub: HubProcess;
let db: pg.Client;
let dir: string;

const RATE = 10;
const BURST = 5;

beforeAll(async () => {
  pgServer = await startPostgres();
  const url = await pgServer.createDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'report-channel-'));
  hub = await startHubProcess(url, {
    FLOTILLA_DATA_DIR: path.join(dir, 'hub'),
    FLOTILLA_HEARTBEAT_INTERVAL_MS: '300',
    FLOTILLA_AGENT_RATE_BATCHES: String(RATE),
    FLOTILLA_AGENT_RATE_BATCH_BURST: String(BURST),
  });
  db = new pg.Client({ connectionString: url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await hub?.stop();
  await pgServer?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const event = (message: string, kustomization = 'backlog-apps'): EventItem => ({
  involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: kustomization },
  severity: 'info',
  reason: 'Progressing',
  message,
  timestamp: new Date().toISOString(),
});

// Registers a cluster with one Kustomization placed on it (the hub stores reports only about placed objects).
async function registerCluster(name: string) {
  const token = await hub.gql<{ createRegistrationToken: { token: string } }>(
    'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }',
    { input: { clusterName: name, labels: [] } },
  );
  expect(token.errors).toBeUndefined();
  const registered = await registerWithHub({ hubUrl: hub.url, token: token.data!.createRegistrationToken.token, agentVersion: 'test' });
  if (!registered.ok) throw new Error(registered.message);
  const src = await hub.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
    input: { name, url: `https://git.example.invalid/${name}.git`, ref: { branch: 'main' }, interval: '1h' },
  });
  expect(src.errors).toBeUndefined();
  const k = await hub.gql('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
    input: { name: `${name}-apps`, spec: { sourceRef: { kind: 'GitRepository', name }, path: './apps', interval: '1m', prune: true }, placement: { clusterNames: [name] } },
  });
  expect(k.errors).toBeUndefined();
  return registered.registration;
}

// The report half of the agent's GitOps session (gitops-runtime), without the reconciler.
function connect(box: Outbox, credential: string) {
  const log = captureLogger();
  const reports = new ReportChannel(box, log.logger);
  let send: ((type: string, payload: unknown) => void) | undefined;
  const counts = { batches: 0 };
  const session: ConnectionSession = {
    handles: (type) => type === 'batch.ack',
    onConnect: (s) => (send = s),
    onWelcome: () =>
      reports.attach((type, payload) => {
        counts.batches += 1;
        send?.(type, payload);
      }),
    onMessage: (_type, payload) => void reports.ack((payload as { seq: number }).seq),
    onProtocolError: (error) => reports.onProtocolError(error),
    onClosed: () => reports.detach(),
  };
  const controller = new AbortController();
  const connection = runConnection({
    hubUrl: hub.url,
    credential,
    hello: { agentVersion: 'test', kubernetesVersion: null, nodeCount: null, capabilities: [], lastGeneration: 0 },
    openLink: openSocketIoHubLink,
    logger: log.logger,
    signal: controller.signal,
    session,
  });
  return {
    log,
    counts,
    async close() {
      controller.abort();
      await connection;
    },
  };
}

const storedMessages = async (clusterId: string) =>
  (await db.query<{ message: string }>('SELECT message FROM cluster_events WHERE cluster_id = $1 ORDER BY id', [clusterId])).rows.map((r) => r.message);

const resendsOf = (log: ReturnType<typeof captureLogger>) => log.lines().filter((l) => l.msg === 'the hub did not store a report batch; resending later');

describe('outbox + report channel against the rate-limited real hub', () => {
  it('a backlog far past the burst is stored exactly once: refused batches are kept and resent after the delay', async () => {
    const { credential, clusterId } = await registerCluster('backlog');
    // One batch per report and no pacing of its own: the hub's refusals are the only brake here.
    const box = await Outbox.open(path.join(dir, 'backlog.jsonl'), { maxBatchBytes: 1, pace: { perSecond: 1000, burst: 1000 } });
    const backlog = 30;
    for (let i = 1; i <= backlog; i++) await box.enqueue('events', [event(`backlog ${i}`)]);
    await box.enqueue('events', [event('file name with a lone surrogate: missing-\ud800.yaml')]);
    const started = Date.now();
    const agent = connect(box, credential);
    try {
      await eventually(() => box.lastAcked === backlog + 1 && box.pending().length === 0, { timeoutMs: 30_000 });
      const backlogSeconds = (Date.now() - started) / 1000;
      const backlogSent = agent.counts.batches;
      // While connected, a second burst enqueued at once goes through the same way.
      for (let i = 1; i <= 10; i++) await box.enqueue('events', [event(`live ${i}`)]);
      await eventually(() => box.lastAcked === backlog + 11 && box.pending().length === 0, { timeoutMs: 30_000 });

      const rows = await storedMessages(clusterId);
      expect(rows).toHaveLength(backlog + 11);
      expect(new Set(rows).size).toBe(backlog + 11);
      // Stored in seq order: a batch is only ever written after every one before it.
      expect(rows.slice(0, backlog)).toEqual(Array.from({ length: backlog }, (_, i) => `backlog ${i + 1}`));
      expect(rows[backlog]).toBe('file name with a lone surrogate: missing-\ufffd.yaml');
      const resends = resendsOf(agent.log);
      expect(resends.some((l) => l.code === 'BATCH_RATE_LIMITED')).toBe(true);
      expect(agent.log.lines().filter((l) => l.msg === 'the hub rejected a message' || l.msg === 'the hub refused report data')).toEqual([]);
      // Past the burst, the rest arrive at about the rate: (31 - 5) / 10 per second.
      expect(backlogSeconds).toBeGreaterThanOrEqual((backlog + 1 - BURST) / RATE - 0.2);
      // Resending in a window keeps the refused traffic to a few batches per pause, not the whole backlog.
      expect(backlogSent).toBeLessThan(6 * (backlog + 1));
      console.log(`backlog of ${backlog + 1} batches stored once each in ${backlogSeconds.toFixed(2)} s: ${backlogSent} sent, ${resends.length} pauses`);
    } catch (err) {
      console.error(`agent log:\n${agent.log.text().slice(-6000)}\nhub log:\n${hub.logs().slice(-6000)}`);
      throw err;
    } finally {
      await agent.close();
    }
  }, 90_000);

  it('with its own pace below the hub\'s limit, the outbox folds a burst into a few batches and the hub refuses none', async () => {
    const { credential, clusterId } = await registerCluster('paced');
    // The agent's pace set below this hub's tight limit, as the defaults sit below the hub's defaults.
    const box = await Outbox.open(path.join(dir, 'paced.jsonl'), { pace: { perSecond: RATE / 2, burst: BURST - 1 } });
    const agent = connect(box, credential);
    try {
      // Connected once the first report is acknowledged.
      await box.enqueue('events', [event('hello', 'paced-apps')]);
      await eventually(() => box.lastAcked === 1, { timeoutMs: 10_000 });
      agent.counts.batches = 0;
      const started = Date.now();
      const burst = 200;
      for (let i = 1; i <= burst; i++) await box.enqueue('events', [event(`paced ${i}`, 'paced-apps')]);
      await eventually(async () => (await storedMessages(clusterId)).length === burst + 1 && box.pending().length === 0, { timeoutMs: 30_000 });
      const seconds = (Date.now() - started) / 1000;
      const rows = await storedMessages(clusterId);
      expect(rows).toEqual(['hello', ...Array.from({ length: burst }, (_, i) => `paced ${i + 1}`)]);
      expect(resendsOf(agent.log)).toEqual([]);
      expect(agent.counts.batches).toBeLessThan(20);
      console.log(`burst of ${burst} reports stored in ${seconds.toFixed(2)} s as ${agent.counts.batches} batches, no refusal`);
    } catch (err) {
      console.error(`agent log:\n${agent.log.text().slice(-6000)}\nhub log:\n${hub.logs().slice(-6000)}`);
      throw err;
    } finally {
      await agent.close();
    }
  }, 90_000);
});
