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

const event = (message: string): EventItem => ({
  involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'backlog-apps' },
  severity: 'info',
  reason: 'Progressing',
  message,
  timestamp: new Date().toISOString(),
});

describe('outbox + report channel against the rate-limited real hub', () => {
  it('a backlog far past the burst is stored exactly once: refused batches are kept and resent after the delay', async () => {
    const token = await hub.gql<{ createRegistrationToken: { token: string } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }',
      { input: { clusterName: 'backlog', labels: [] } },
    );
    expect(token.errors).toBeUndefined();
    const registered = await registerWithHub({ hubUrl: hub.url, token: token.data!.createRegistrationToken.token, agentVersion: 'test' });
    if (!registered.ok) throw new Error(registered.message);
    const { credential, clusterId } = registered.registration;
    // The hub stores reports only about objects placed on the cluster.
    const src = await hub.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { name: 'backlog', url: 'https://git.example.invalid/backlog.git', ref: { branch: 'main' }, interval: '1h' },
    });
    expect(src.errors).toBeUndefined();
    const k = await hub.gql('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: { name: 'backlog-apps', spec: { sourceRef: { kind: 'GitRepository', name: 'backlog' }, path: './apps', interval: '1m', prune: true }, placement: { clusterNames: ['backlog'] } },
    });
    expect(k.errors).toBeUndefined();

    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const backlog = 30;
    for (let i = 1; i <= backlog; i++) await box.enqueue('events', [event(`backlog ${i}`)]);
    await box.enqueue('events', [event('file name with a lone surrogate: missing-\ud800.yaml')]);
    const log = captureLogger();
    const reports = new ReportChannel(box, log.logger);
    let send: ((type: string, payload: unknown) => void) | undefined;
    let sentBatches = 0;
    // The report half of the agent's GitOps session (gitops-runtime), without the reconciler.
    const session: ConnectionSession = {
      handles: (type) => type === 'batch.ack',
      onConnect: (s) => (send = s),
      onWelcome: () =>
        reports.attach((type, payload) => {
          sentBatches += 1;
          send?.(type, payload);
        }),
      onMessage: (_type, payload) => void reports.ack((payload as { seq: number }).seq),
      onProtocolError: (error) => reports.onProtocolError(error),
      onClosed: () => reports.detach(),
    };
    const controller = new AbortController();
    const started = Date.now();
    const connection = runConnection({
      hubUrl: hub.url,
      credential,
      hello: { agentVersion: 'test', kubernetesVersion: null, nodeCount: null, capabilities: [], lastGeneration: 0 },
      openLink: openSocketIoHubLink,
      logger: log.logger,
      signal: controller.signal,
      session,
    });
    try {
      await eventually(() => box.lastAcked === backlog + 1 && box.pending().length === 0, { timeoutMs: 30_000 });
      const backlogSeconds = (Date.now() - started) / 1000;
      const backlogSent = sentBatches;
      // While connected, a second burst enqueued at once goes through the same way.
      for (let i = 1; i <= 10; i++) await box.enqueue('events', [event(`live ${i}`)]);
      await eventually(() => box.lastAcked === backlog + 11 && box.pending().length === 0, { timeoutMs: 30_000 });

      const rows = (await db.query<{ message: string }>('SELECT message FROM cluster_events WHERE cluster_id = $1 ORDER BY id', [clusterId])).rows.map((r) => r.message);
      expect(rows).toHaveLength(backlog + 11);
      expect(new Set(rows).size).toBe(backlog + 11);
      // Stored in seq order: a batch is only ever written after every one before it.
      expect(rows.slice(0, backlog)).toEqual(Array.from({ length: backlog }, (_, i) => `backlog ${i + 1}`));
      expect(rows[backlog]).toBe('file name with a lone surrogate: missing-\ufffd.yaml');
      const resends = log.lines().filter((l) => l.msg === 'the hub did not store a report batch; resending later');
      expect(resends.some((l) => l.code === 'BATCH_RATE_LIMITED')).toBe(true);
      expect(log.lines().filter((l) => l.msg === 'the hub rejected a message' || l.msg === 'the hub refused report data')).toEqual([]);
      // Past the burst, the rest arrive at about the rate: (31 - 5) / 10 per second.
      expect(backlogSeconds).toBeGreaterThanOrEqual((backlog + 1 - BURST) / RATE - 0.2);
      // Resending in a window keeps the refused traffic to a few batches per pause, not the whole backlog.
      expect(backlogSent).toBeLessThan(6 * (backlog + 1));
      console.log(`backlog of ${backlog + 1} batches stored once each in ${backlogSeconds.toFixed(2)} s: ${backlogSent} sent, ${resends.length} pauses`);
    } catch (err) {
      console.error(`agent log:\n${log.text().slice(-6000)}\nhub log:\n${hub.logs().slice(-6000)}`);
      throw err;
    } finally {
      controller.abort();
      await connection;
    }
  }, 90_000);
});
