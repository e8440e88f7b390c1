import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import {
  AGENT_NAMESPACE,
  AGENT_REGISTER_PATH,
  AGENT_SOCKET_PATH,
  helloProtocolVersions,
  negotiateProtocolVersion,
  parseMessage,
  type AgentToHubEvents,
  type Hello,
  type HubToAgentEvents,
} from '@flotilla/protocol';

/**
 * TEST STAND-IN for the hub's agent endpoints (POST /api/agent/register and the /agent socket.io namespace),
 * written from contract-issue3.md. Normal traffic is tested against the real hub (agent-hub.int.test.ts); this
 * stays only for faults the real hub cannot be made to produce on demand: an expired token (the hub's minimum
 * TTL is 60 s), a hub that stops acknowledging heartbeats, invalid hub→agent messages, a hub that speaks
 * another protocol version, and message-level detail the real hub does not expose.
 */
export interface StandInHubOptions {
  heartbeatIntervalMs?: number;
  /** Registration tokens and what the hub says about them. */
  tokens?: Record<string, 'valid' | 'expired' | 'used'>;
  hubVersions?: number[];
  /** Do not answer heartbeats (a wedged hub). */
  silent?: boolean;
  /** Where socket.io listens: the hub's `AGENT_SOCKET_PATH` unless a test stands in for an older hub. */
  socketPath?: string;
}

/**
 * Issue-5 additions written from contract-issue5.md (protocol v2) while the real hub's assignments, artifacts
 * and ingestion are built on another branch: a full-snapshot `assignment` pushed after welcome and on change,
 * `GET /artifacts/<digest>` for a known credential, and `batch.ack {seq}` for status/inventory/events batches
 * (switchable off, to test the agent's outbox; the real hub acks after persisting).
 */
export interface StandInGitOps {
  assignment: unknown;
  /** Bytes served per digest (a test may serve bytes that do not match their digest). */
  artifacts: Map<string, Uint8Array>;
  ackBatches: boolean;
  /** Highest batch seq persisted (and acknowledged). */
  ackedSeq: number;
  /** Batches "persisted", each seq once, as the real hub's ingestion does (seq = last + 1 only). */
  persisted: Array<{ type: string; seq: number; items: unknown[] }>;
}

export interface ReceivedMessage {
  clusterId: string;
  socketId: string;
  type: string;
  payload: unknown;
}

interface Cluster {
  id: string;
  name: string;
  revoked: boolean;
}

export interface StandInHub {
  url: string;
  received: ReceivedMessage[];
  hellos(): Hello[];
  registrations: number;
  /** Sockets currently connected per cluster id. */
  connected(clusterId: string): string[];
  revoke(clusterId: string): void;
  /** Sends a raw event to every connected agent (for invalid-message tests). */
  broadcast(type: string, payload: unknown): void;
  /** Stops listening and drops every connection, as a crashed hub would. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same state. */
  start(): Promise<void>;
  gitops: StandInGitOps;
  /** Stores the assignment and pushes it to every connected agent. */
  setAssignment(assignment: unknown): void;
  /** Batches received (status/inventory/events), in arrival order. */
  batches(): Array<{ type: string; seq: number; items: unknown[] }>;
}

const GITOPS_TYPES = new Set(['assignment.ack', 'status', 'inventory', 'events']);

export async function startStandInHub(options: StandInHubOptions = {}): Promise<StandInHub> {
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const clusters = new Map<string, Cluster>(); // by credential
  const live = new Map<string, Socket<AgentToHubEvents, HubToAgentEvents>>(); // clusterId → newest socket
  const received: ReceivedMessage[] = [];
  let registrations = 0;
  let port = 0;
  let httpServer: http.Server | undefined;
  let io: Server | undefined;
  const gitops: StandInGitOps = { assignment: undefined, artifacts: new Map(), ackBatches: true, ackedSeq: 0, persisted: [] };
  const emitRaw = (socket: Socket<AgentToHubEvents, HubToAgentEvents>, type: string, payload: unknown): void => (socket.emit as (e: string, p: unknown) => void)(type, payload);

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const artifact = req.method === 'GET' ? /^\/artifacts\/(.+)$/.exec(req.url ?? '') : null;
    if (artifact) {
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !clusters.has(auth.slice(7))) return void res.writeHead(401).end();
      const bytes = gitops.artifacts.get(decodeURIComponent(artifact[1]!));
      if (!bytes) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(Buffer.from(bytes));
      return;
    }
    if (req.method !== 'POST' || req.url !== AGENT_REGISTER_PATH) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const reply = (status: number, json: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      };
      let token: unknown;
      try {
        token = (JSON.parse(body) as { token?: unknown }).token;
      } catch {
        return reply(400, { error: { code: 'BAD_REQUEST', message: 'body is not JSON' } });
      }
      const state = typeof token === 'string' ? tokens.get(token) : undefined;
      if (typeof token !== 'string' || state === undefined) return reply(401, { error: { code: 'REGISTRATION_TOKEN_INVALID', message: 'unknown token' } });
      if (state === 'expired') return reply(401, { error: { code: 'REGISTRATION_TOKEN_EXPIRED', message: 'token expired' } });
      if (state === 'used') return reply(401, { error: { code: 'REGISTRATION_TOKEN_USED', message: 'token already used' } });
      tokens.set(token, 'used');
      registrations += 1;
      const cluster = { id: `cluster-${registrations}`, name: `stand-in-${registrations}`, revoked: false };
      const credential = `flc_standin${registrations}${'x'.repeat(20)}`;
      clusters.set(credential, cluster);
      reply(200, { clusterId: cluster.id, clusterName: cluster.name, credential });
    });
  };

  const attach = (server: Server): void => {
    const nsp = server.of(AGENT_NAMESPACE);
    nsp.use((socket, next) => {
      const credential = (socket.handshake.auth as { credential?: unknown }).credential;
      const cluster = typeof credential === 'string' ? clusters.get(credential) : undefined;
      const refuse = (code: string, message: string): void => {
        const err = new Error(message) as Error & { data?: unknown };
        err.data = { code, message };
        next(err);
      };
      if (!cluster) return refuse('CREDENTIAL_INVALID', 'unknown credential');
      if (cluster.revoked) return refuse('CREDENTIAL_REVOKED', 'credential revoked');
      socket.data.clusterId = cluster.id;
      next();
    });
    nsp.on('connection', (socket) => {
      const clusterId = socket.data.clusterId as string;
      const older = live.get(clusterId);
      live.set(clusterId, socket);
      if (older) {
        older.emit('superseded', { message: `replaced by connection ${socket.id}` });
        older.disconnect(true);
      }
      socket.on('disconnect', () => {
        if (live.get(clusterId) === socket) live.delete(clusterId);
      });
      socket.onAny((type: string, payload: unknown) => {
        received.push({ clusterId, socketId: socket.id, type, payload });
        if (GITOPS_TYPES.has(type)) {
          const seq = (payload as { seq?: unknown }).seq;
          if (type === 'assignment.ack' || !gitops.ackBatches || typeof seq !== 'number') return;
          // The real ingestion's rule: write seq = last + 1, acknowledge a duplicate again, refuse a gap.
          if (seq === gitops.ackedSeq + 1) {
            gitops.ackedSeq = seq;
            gitops.persisted.push({ type, ...(payload as { seq: number; items: unknown[] }) });
          } else if (seq > gitops.ackedSeq + 1) {
            emitRaw(socket, 'protocol.error', { code: 'BATCH_SEQUENCE_GAP', message: `resend from ${gitops.ackedSeq + 1}`, messageType: type });
          }
          emitRaw(socket, 'batch.ack', { seq: gitops.ackedSeq });
          return;
        }
        const parsed = parseMessage(type, payload, { from: 'agentToHub' });
        if (!parsed.ok) {
          socket.emit('protocol.error', { code: parsed.error.code, message: parsed.error.message, messageType: parsed.error.messageType });
          return;
        }
        if (type === 'hello') {
          const hello = parsed.message as Hello;
          const negotiated = negotiateProtocolVersion(helloProtocolVersions(hello), options.hubVersions ?? [1]);
          if (!negotiated.ok) {
            socket.emit('protocol.error', { code: negotiated.error.code, message: negotiated.error.message, messageType: 'hello' });
            socket.disconnect(true);
            return;
          }
          socket.emit('welcome', { protocolVersion: negotiated.version, heartbeatIntervalMs: options.heartbeatIntervalMs ?? 200, clusterId });
          if (negotiated.version >= 2) {
            if (gitops.ackBatches) emitRaw(socket, 'batch.ack', { seq: gitops.ackedSeq });
            if (gitops.assignment !== undefined) emitRaw(socket, 'assignment', gitops.assignment);
          }
        } else if (type === 'heartbeat' && !options.silent) {
          socket.emit('ack', { seq: (parsed.message as { seq: number }).seq });
        }
      });
    });
  };

  const start = async (): Promise<void> => {
    httpServer = http.createServer(onRequest);
    io = new Server(httpServer, { transports: ['websocket'], path: options.socketPath ?? AGENT_SOCKET_PATH });
    attach(io);
    await new Promise<void>((resolve) => httpServer!.listen(port, '127.0.0.1', resolve));
    port = (httpServer.address() as AddressInfo).port;
  };
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    hellos: () => received.filter((m) => m.type === 'hello').map((m) => m.payload as Hello),
    get registrations() {
      return registrations;
    },
    connected: (clusterId) => [...(io?.of(AGENT_NAMESPACE).sockets.values() ?? [])].filter((s) => s.data.clusterId === clusterId).map((s) => s.id),
    revoke(clusterId) {
      for (const cluster of clusters.values()) if (cluster.id === clusterId) cluster.revoked = true;
      const socket = live.get(clusterId);
      socket?.emit('revoked', { code: 'CREDENTIAL_REVOKED', message: 'revoked by admin in the test' });
      socket?.disconnect(true);
    },
    broadcast(type, payload) {
      (io?.of(AGENT_NAMESPACE).emit as ((event: string, p: unknown) => void) | undefined)?.call(io?.of(AGENT_NAMESPACE), type, payload);
    },
    async stop() {
      live.clear();
      const server = io;
      io = undefined;
      server?.disconnectSockets(true);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
    start,
    gitops,
    setAssignment(assignment) {
      gitops.assignment = assignment;
      for (const socket of live.values()) emitRaw(socket, 'assignment', assignment);
    },
    batches: () =>
      received
        .filter((m) => m.type === 'status' || m.type === 'inventory' || m.type === 'events')
        .map((m) => ({ type: m.type, ...(m.payload as { seq: number; items: unknown[] }) })),
  };
}
