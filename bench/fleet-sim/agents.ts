// Child process: a share of the simulated fleet, protocol-level agents over socket.io-client speaking the v5
// protocol as the real agent does (hello, heartbeats at the hub's interval, assignment.ack, report batches with a
// per-credential sequence, reconnection with the agent's own full-jitter backoff). Commands arrive over IPC from
// run.ts; every figure goes back over IPC with wall-clock times (performance.timeOrigin + now), so several
// worker processes and the coordinator share one clock.
import { readFile } from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import { AGENT_SOCKET_PATH, PROTOCOL_VERSION } from '@flotilla/protocol';
import { DEFAULT_BACKOFF, backoffDelayMs } from '@flotilla/spoke-agent';

export interface WorkerJob {
  url: string;
  credentials: string[];
  /** Handshakes in flight for the first connect (a reconnect after a restart uses the backoff instead). */
  window: number;
}

export type WorkerCommand =
  | { type: 'connect' }
  /** Report once every agent has a welcome again (after the server was restarted). */
  | { type: 'await-welcomed' }
  /** Note each agent's generation now, then report when every agent holds a newer one. */
  | { type: 'mark-generation' }
  /** The first `agents` agents of this worker report (1 status item, then `batches` event batches of `items`). */
  | { type: 'ingest'; agents: number; batches: number; items: number }
  | { type: 'stop' };

export type WorkerReport =
  | { type: 'ready' }
  | { type: 'connected'; connected: number; failures: number }
  | { type: 'all-welcomed'; lastWelcomeAt: number; welcomes: number }
  | { type: 'marked' }
  | { type: 'generation'; receivedAt: number[] }
  | { type: 'ingested'; items: number; doneAt: number; protocolErrors: Record<string, number> }
  | { type: 'error'; message: string };

const now = (): number => performance.timeOrigin + performance.now();
const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as WorkerJob;
const send = (m: WorkerReport): void => void process.send?.(m);

interface Agent {
  credential: string;
  socket: Socket | undefined;
  welcomed: boolean;
  attempt: number;
  /** The last report seq the hub acknowledged for this credential (told after each hello). */
  acked: number;
  nextSeq: number;
  generation: number;
  /** When each generation arrived. */
  arrivals: Map<number, number>;
  /** Batches sent and not yet acknowledged: each resolves once an ack covers its seq. */
  awaitingAck: Map<number, () => void>;
  heartbeat: NodeJS.Timeout | undefined;
  stopped: boolean;
}

const agents: Agent[] = job.credentials.map((credential) => ({
  credential,
  socket: undefined,
  welcomed: false,
  attempt: 0,
  acked: 0,
  nextSeq: 1,
  generation: 0,
  arrivals: new Map(),
  awaitingAck: new Map(),
  heartbeat: undefined,
  stopped: false,
}));
const protocolErrors: Record<string, number> = {};
let hbSeq = 0;
let expectAllWelcomed = false;
let reconnecting = false;
let lastWelcomeAt = 0;
let welcomes = 0;

function open(a: Agent, onFirst?: (ok: boolean) => void): void {
  const s = io(`${job.url}/agent`, { path: process.env.BENCH_AGENT_PATH ?? AGENT_SOCKET_PATH, transports: ['websocket'], auth: { credential: a.credential }, reconnection: false, forceNew: true, timeout: 20_000 });
  a.socket = s;
  let settled = false;
  const first = (ok: boolean): void => {
    if (settled) return;
    settled = true;
    onFirst?.(ok);
  };
  s.on('connect', () => {
    s.emit('hello', { protocolVersion: PROTOCOL_VERSION, agentVersion: 'fleet-sim', kubernetesVersion: 'v1.35.4', nodeCount: 3, capabilities: [], lastGeneration: a.generation });
  });
  s.on('welcome', (w: { heartbeatIntervalMs?: number }) => {
    a.welcomed = true;
    a.attempt = 0;
    // Each agent heartbeats on its own from its welcome, at the interval the hub asked for, as the agent does.
    clearInterval(a.heartbeat);
    a.heartbeat = setInterval(() => s.emit('heartbeat', { seq: ++hbSeq, sentAt: new Date().toISOString() }), w.heartbeatIntervalMs ?? 20_000);
    lastWelcomeAt = now();
    welcomes++;
    first(true);
    if (expectAllWelcomed && agents.every((x) => x.welcomed)) {
      expectAllWelcomed = false;
      send({ type: 'all-welcomed', lastWelcomeAt, welcomes });
    }
  });
  s.on('assignment', (doc: { generation: number }) => {
    if (!a.arrivals.has(doc.generation)) a.arrivals.set(doc.generation, now());
    a.generation = Math.max(a.generation, doc.generation);
    s.emit('assignment.ack', { generation: doc.generation });
  });
  s.on('batch.ack', ({ seq }: { seq: number }) => {
    a.acked = Math.max(a.acked, seq);
    if (a.nextSeq <= a.acked) a.nextSeq = a.acked + 1;
    for (const [waiting, resolve] of a.awaitingAck) {
      if (waiting > a.acked) continue;
      a.awaitingAck.delete(waiting);
      resolve();
    }
  });
  s.on('protocol.error', (e: { code?: string }) => {
    const code = e.code ?? 'unknown';
    protocolErrors[code] = (protocolErrors[code] ?? 0) + 1;
  });
  const lost = (): void => {
    if (a.socket !== s) return;
    s.removeAllListeners();
    s.disconnect();
    clearInterval(a.heartbeat);
    a.socket = undefined;
    a.welcomed = false;
    first(false);
    if (a.stopped || !reconnecting) return;
    // The real agent's reconnection: full-jitter exponential backoff, reset by a welcome.
    setTimeout(() => open(a), backoffDelayMs(a.attempt++, DEFAULT_BACKOFF));
  };
  s.on('connect_error', lost);
  s.on('disconnect', lost);
}

/** First connect: at most `window` handshakes in flight, then every agent reconnects on its own after a loss. */
async function connectAll(): Promise<void> {
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < agents.length) {
      const a = agents[next++]!;
      const ok = await new Promise<boolean>((resolve) => open(a, resolve));
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: job.window }, worker));
  // From now on a lost connection reconnects on its own, with backoff.
  reconnecting = true;
  send({ type: 'connected', connected: agents.filter((a) => a.welcomed).length, failures });
}

function waitNewerGeneration(): void {
  const marks = agents.map((a) => a.generation);
  send({ type: 'marked' });
  const check = (): void => {
    if (agents.every((a, i) => a.generation > marks[i]!)) {
      const arrival = (a: Agent, i: number): number => Math.min(...[...a.arrivals].filter(([g]) => g > marks[i]!).map(([, at]) => at));
      send({ type: 'generation', receivedAt: agents.map(arrival) });
    } else setTimeout(check, 20);
  };
  check();
}

/** Sends one batch and resolves when the hub acknowledged its seq (resending after a refusal). */
function sendBatch(a: Agent, type: 'status' | 'events', items: unknown[]): Promise<void> {
  return new Promise((resolve) => {
    const seq = a.nextSeq++;
    const emit = (): void => void a.socket?.emit(type, { seq, items });
    // A refused batch (rate limit, not stored, or behind a refused one) is not acknowledged: send it again every
    // 5 s (the delay the hub asks after BATCH_NOT_STORED; the agent's outbox follows each refusal's retryAfterMs
    // instead), until an ack covers it (the ack handler then stops it).
    const retry = setInterval(emit, 5_000);
    a.awaitingAck.set(seq, () => {
      clearInterval(retry);
      resolve();
    });
    emit();
  });
}

/**
 * BENCH_INGEST_PACED=1: each batch waits for the previous one's ack, as this simulator sent them before. By default
 * an agent's batches go out back to back, as the agent's outbox sends each new batch at once while connected.
 */
const paced = process.env.BENCH_INGEST_PACED === '1';

// Ready has been True since the worker started: Flux moves a condition's lastTransitionTime only when its status
// changes, so a Kustomization that applies again and stays Ready reports the same time each round.
const readySince = new Date().toISOString();

async function ingest(reporting: number, batches: number, itemsPerBatch: number): Promise<void> {
  const revision = `main@sha1:${'c'.repeat(40)}`;
  let items = 0;
  await Promise.all(
    agents.slice(0, reporting).map(async (a, i) => {
      const status = [
        {
          namespace: 'flotilla-system',
          name: 'apps',
          conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: readySince }],
          lastAppliedRevision: revision,
          lastAttemptedRevision: revision,
          observedGeneration: a.generation,
        },
      ];
      const eventBatches = Array.from({ length: batches }, (_, b) =>
        Array.from({ length: itemsPerBatch }, (_, k) => ({
          involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' },
          severity: 'info' as const,
          reason: 'ReconciliationSucceeded',
          message: `Deployment/app-${i}/web-${b}-${k} configured`,
          revision,
          timestamp: new Date().toISOString(),
        })),
      );
      const sends: Array<() => Promise<void>> = [() => sendBatch(a, 'status', status), ...eventBatches.map((events) => () => sendBatch(a, 'events', events))];
      if (paced) for (const next of sends) await next();
      else await Promise.all(sends.map((next) => next()));
      items += status.length + eventBatches.reduce((s, e) => s + e.length, 0);
    }),
  );
  send({ type: 'ingested', items, doneAt: now(), protocolErrors });
}

process.on('message', (cmd: WorkerCommand) => {
  const run = async (): Promise<void> => {
    if (cmd.type === 'connect') await connectAll();
    else if (cmd.type === 'await-welcomed') expectAllWelcomed = true;
    else if (cmd.type === 'mark-generation') waitNewerGeneration();
    else if (cmd.type === 'ingest') await ingest(cmd.agents, cmd.batches, cmd.items);
    else if (cmd.type === 'stop') {
      for (const a of agents) {
        a.stopped = true;
        clearInterval(a.heartbeat);
        a.socket?.removeAllListeners();
        a.socket?.disconnect();
      }
      setTimeout(() => process.exit(0), 200);
    }
  };
  run().catch((err: unknown) => send({ type: 'error', message: String(err) }));
});
send({ type: 'ready' });
// The coordinator gone (stopped or crashed), nothing will tell this process to stop: end with it.
process.on('disconnect', () => process.exit(0));
