import { io, type Socket } from 'socket.io-client';
import { AGENT_SOCKET_PATH } from '@flotilla/protocol';
import type { BenchHub } from '../push-to-ready/hub.js';

// Protocol-level agents (as e2e/flux-objects.e2e.test.ts speaks it): each registers a cluster, says hello, waits
// for the welcome and then reports `objectsPerReport` GitRepositories whose Ready conditions flip with every
// report, so every report changes the fleet's health and the hub tells every open browser. A status change is
// one object in one report: 100 changes a second travel as 10 reports of 10 objects, as a real agent's outbox
// folds what is waiting into one batch. Each agent sends heartbeats as a real one does.

export interface LiveAgents {
  /** Sends `changesPerSecond` object changes a second, in reports round robin over the agents, until `stop()`. */
  start(changesPerSecond: number): void;
  /** Object changes sent. */
  sent(): number;
  /** Object changes the hub stored (the acknowledged sequence numbers × objects per report). */
  stored(): number;
  /** Reports the hub refused, by protocol error code (BATCH_RATE_LIMITED…). */
  refused(): Record<string, number>;
  stop(): Promise<void>;
}

const report = (seq: number, ready: boolean, objects: number) => ({
  seq,
  items: Array.from({ length: objects }, (_, i) => ({
    kind: 'GitRepository',
    origin: 'cluster',
    namespace: 'flux-system',
    name: `live-${i}`,
    observedGeneration: 1,
    suspended: false,
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        reason: ready ? 'Succeeded' : 'GitOperationFailed',
        message: ready ? 'stored artifact' : 'authentication required',
        lastTransitionTime: new Date().toISOString(),
      },
    ],
  })),
});

async function connectAgent(
  hub: BenchHub,
  name: string,
  onAck: (seq: number) => void,
  onRefusal: (code: string) => void,
): Promise<Socket> {
  const { createRegistrationToken } = await hub.gql<{ createRegistrationToken: { token: string } }>(
    `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`,
    { input: { clusterName: name, labels: [{ key: 'bench', value: 'live' }] } },
  );
  const reg = await fetch(`${hub.url}/api/agent/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: createRegistrationToken.token, agentVersion: 'bench' }),
  });
  if (!reg.ok) throw new Error(`registering ${name}: HTTP ${reg.status}`);
  const { credential } = (await reg.json()) as { credential: string };
  const socket = io(`${hub.url}/agent`, { path: AGENT_SOCKET_PATH, transports: ['websocket'], auth: { credential }, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.on('batch.ack', (ack: { seq: number }) => onAck(ack.seq));
  socket.on('protocol.error', (e: { code?: string }) => onRefusal(e.code ?? 'unknown'));
  // Reports before the welcome would be refused (HELLO_REQUIRED), and every later seq would then be a gap.
  const welcomed = new Promise<{ heartbeatIntervalMs: number }>((resolve) => socket.once('welcome', resolve));
  socket.emit('hello', {
    protocolVersion: 3,
    supportedProtocolVersions: [3, 2, 1],
    agentVersion: 'bench',
    kubernetesVersion: 'v1.35.4',
    nodeCount: 1,
    capabilities: [],
    lastGeneration: 0,
  });
  // Without heartbeats the hub closes the connection after its heartbeat timeout (30 s), and every report after
  // that goes nowhere: the first version of this bench sent none, which is why only ~1.3 reports a second were
  // stored (those of its first half minute).
  const { heartbeatIntervalMs } = await welcomed;
  let beat = 0;
  const heartbeats = setInterval(() => socket.emit('heartbeat', { seq: ++beat, sentAt: new Date().toISOString() }), heartbeatIntervalMs);
  socket.on('disconnect', () => clearInterval(heartbeats));
  return socket;
}

export async function startLiveAgents(
  hub: BenchHub,
  count: number,
  objectsPerReport: number,
): Promise<LiveAgents> {
  const ackedSeq = Array.from({ length: count }, () => 0);
  const refused: Record<string, number> = {};
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 1)
    sockets.push(
      await connectAgent(
        hub,
        `live-${String(i).padStart(3, '0')}`,
        (seq) => (ackedSeq[i] = Math.max(ackedSeq[i]!, seq)),
        (code) => (refused[code] = (refused[code] ?? 0) + 1),
      ),
    );
  const seqs = sockets.map(() => 0);
  let sent = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    start(changesPerSecond) {
      // Ticks of 10 ms carry the reports due by then, so the rate holds even when a tick comes late.
      const began = performance.now();
      timer = setInterval(() => {
        const due = Math.floor(((performance.now() - began) / 1000) * (changesPerSecond / objectsPerReport));
        for (; sent < due; sent += 1) {
          const i = sent % sockets.length;
          seqs[i]! += 1;
          sockets[i]!.emit('status', report(seqs[i]!, seqs[i]! % 2 === 0, objectsPerReport));
        }
      }, 10);
    },
    sent: () => sent * objectsPerReport,
    stored: () => ackedSeq.reduce((a, b) => a + b, 0) * objectsPerReport,
    refused: () => ({ ...refused }),
    async stop() {
      clearInterval(timer);
      for (const s of sockets) s.disconnect();
    },
  };
}
