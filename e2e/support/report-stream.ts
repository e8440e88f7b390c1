import { createWriteStream } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  createJsonLogger,
  openSocketIoHubLink,
  Outbox,
  registerWithHub,
  ReportChannel,
  runConnection,
  type Batch,
  type ConnectionSession,
} from '@flotilla/spoke-agent/reporting';

/**
 * A stream of reports through the agent's own reporting code (its on-disk outbox, its report channel, its
 * socket.io connection, reconnecting like the agent), fed by the test instead of by reconciles, so that every
 * report is known by name and the test can tell exactly which ones the agent saw acknowledged. Each report is one
 * event `report <n>` about a GitRepository the stream first reports as found in its cluster (the hub stores
 * events only about objects the cluster holds).
 */
export interface ReportStream {
  clusterId: string;
  /** Enqueues reports `from`…`from+count-1` as one events batch (on disk before it is sent). */
  send(from: number, count: number): Promise<void>;
  /** Reports enqueued so far. */
  sent(): number;
  /** The names of the reports in batches the hub acknowledged, as the agent saw them. */
  acked(): Set<string>;
  /** Batches the outbox still holds (not acknowledged). */
  pending(): number;
  stop(): Promise<void>;
}

const OBJECT = { kind: 'GitRepository', namespace: 'flux-system', name: 'stream' } as const;
export const STREAM_REASON = 'StreamReport';

export async function startReportStream(opts: { hubUrl: string; token: string; dir: string }): Promise<ReportStream> {
  const logger = createJsonLogger({ stream: createWriteStream(path.join(opts.dir, 'report-stream.log'), { flags: 'a' }), level: 'info' });
  const reg = await registerWithHub({ hubUrl: opts.hubUrl, token: opts.token, agentVersion: 'e2e-report-stream' });
  if (!reg.ok) throw new Error(`registration failed: ${reg.message}`);
  const { credential, clusterId } = reg.registration;
  const outbox = await Outbox.open(path.join(opts.dir, 'outbox.jsonl'));
  const channel = new ReportChannel(outbox, logger);
  const tracked: Array<{ batch: Batch; names: string[] }> = [];
  const acked = new Set<string>();
  let sent = 0;
  let send: ((type: string, payload: unknown) => void) | undefined;

  const onAck = (seq: number): void => {
    // Read before the outbox applies the ack: it may renumber batches the hub never saw.
    for (let i = tracked.length - 1; i >= 0; i--) {
      const t = tracked[i]!;
      if (t.batch.seq > seq) continue;
      for (const n of t.names) acked.add(n);
      tracked.splice(i, 1);
    }
    void channel.ack(seq);
  };
  const session: ConnectionSession = {
    handles: (type) => ['batch.ack', 'assignment', 'reconcile', 'suspend', 'resume'].includes(type),
    onConnect: (s) => (send = s),
    onWelcome: () => channel.attach((type, payload) => send?.(type, payload)),
    onClosed: () => {
      send = undefined;
      channel.detach();
    },
    onProtocolError: (error) => channel.onProtocolError(error),
    onMessage: (type, payload) => {
      if (type === 'batch.ack') onAck((payload as { seq: number }).seq);
    },
  };
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      const outcome = await runConnection({
        hubUrl: opts.hubUrl,
        credential,
        hello: { agentVersion: 'e2e-report-stream', kubernetesVersion: 'v1.35.4', nodeCount: 1, capabilities: [], lastGeneration: 0 },
        openLink: openSocketIoHubLink,
        logger,
        signal: abort.signal,
        welcomeTimeoutMs: 5_000,
        session,
      });
      if (outcome.kind !== 'lost') return;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  })();

  const at = new Date().toISOString();
  const ready = [{ type: 'Ready', status: 'True' as const, reason: 'Succeeded', message: 'stored artifact', lastTransitionTime: at }];
  await outbox.enqueue('status', [{ ...OBJECT, origin: 'cluster', conditions: ready, observedGeneration: 1, suspended: false }]);

  return {
    clusterId,
    async send(from, count) {
      const names = Array.from({ length: count }, (_, i) => `report ${from + i}`);
      const items = names.map((message) => ({ involvedObject: OBJECT, severity: 'info' as const, reason: STREAM_REASON, message, timestamp: new Date().toISOString() }));
      const batch = await outbox.enqueue('events', items);
      sent += count;
      if (batch) tracked.push({ batch, names });
    },
    sent: () => sent,
    acked: () => new Set(acked),
    pending: () => outbox.pending().length,
    async stop() {
      abort.abort();
      await loop;
      await outbox.flush();
      await logger.flush();
    },
  };
}

/** Sends reports 1…total, one to four a batch, pausing `pauseMs` between batches; resolves once all are enqueued. */
export async function produceReports(stream: ReportStream, total: number, pauseMs: number): Promise<void> {
  for (let next = 1; next <= total; ) {
    const count = Math.min(1 + (next % 4), total - next + 1);
    await stream.send(next, count);
    next += count;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** How many times the hub stored each report of the stream (read from its database). */
export async function storedReports(databaseUrl: string, clusterId: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ message: string; n: number }>(
      'SELECT message, count(*)::int AS n FROM cluster_events WHERE cluster_id = $1 AND reason = $2 GROUP BY message',
      [clusterId, STREAM_REASON],
    );
    return new Map(rows.map((r) => [r.message, r.n]));
  } finally {
    await client.end();
  }
}

export interface DeliveryFigures {
  sent: number;
  acked: number;
  stored: number;
  doubled: number;
  /** Acknowledged to the agent but not in the database: must be 0. */
  ackedNotStored: number;
  /** Sent but never stored: must be 0 once the stream has drained. */
  lost: number;
}

export function deliveryFigures(sent: number, acked: Set<string>, stored: Map<string, number>): DeliveryFigures {
  let doubled = 0;
  for (const n of stored.values()) if (n > 1) doubled += n - 1;
  const all = Array.from({ length: sent }, (_, i) => `report ${i + 1}`);
  return {
    sent,
    acked: acked.size,
    stored: stored.size,
    doubled,
    ackedNotStored: [...acked].filter((m) => !stored.has(m)).length,
    lost: all.filter((m) => !stored.has(m)).length,
  };
}
