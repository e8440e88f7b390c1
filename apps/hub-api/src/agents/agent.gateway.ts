import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { DEFAULT_AGENT_RATE_LIMIT, HUB_CONFIG, type HubConfig } from '../config.js';
import { MetricsService } from '../health/metrics.service.js';
import { SocketServer, type Socket } from '../realtime/socket-server.js';
import {
  helloProtocolVersions,
  MESSAGES,
  negotiateProtocolVersion,
  parseMessage,
  type AgentToHubMessageType,
  type Heartbeat,
  type Hello,
  type HubToAgentEvents,
  type MessagePayloads,
  type ProtocolErrorCode,
} from './agent-protocol.js';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import { Coalescer } from '../common/coalescer.js';
import { AgentPresenceRepository } from './agent-presence.repository.js';
import { AgentRateLimiter } from './agent-rate-limiter.js';
import { bytesAsArrived } from '../realtime/arrived-bytes.js';
import { RegistrationService } from './registration.service.js';

interface AgentConnection {
  socket: Socket;
  clusterId: string;
  clusterName: string;
  credentialId: string;
  helloDone: boolean;
  /** Negotiated at hello; messages newer than it are refused. */
  version: number | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Messages for registered handlers run one after another, in arrival order (report seqs must not overtake). */
  queue: Promise<void>;
  /** Set while messages are being refused by the rate limit, so a flood logs once rather than per message. */
  limited: boolean;
}

/** What a message handler or hello listener knows about the agent connection it serves. */
export interface AgentContext {
  clusterId: string;
  clusterName: string;
  /** The credential the agent connected with (report sequences are counted per credential). */
  credentialId: string;
  /** The negotiated protocol version. */
  version: number;
  /** Replies on this very connection. */
  reply: <E extends keyof HubToAgentEvents>(event: E, payload: Parameters<HubToAgentEvents[E]>[0]) => void;
  /** Rejects a message like the gateway does: logged, counted, `protocol.error`, connection kept. */
  reject: (code: ProtocolErrorCode, messageType: string, message: string, extra?: { seq?: number; retryAfterMs?: number }) => void;
  /** The credential turned out revoked: tells the agent and drops the connection, as a revocation does. */
  revoked: () => void;
}

type HandledType = Exclude<AgentToHubMessageType, 'hello' | 'heartbeat'>;
type MessageHandler<T extends HandledType> = (ctx: AgentContext, message: MessagePayloads[T]) => Promise<void>;
type ReadyListener = (ctx: AgentContext, hello: Hello) => Promise<void>;

/**
 * Messages under the per-agent rate limit: the report batches, which the agent keeps in its outbox until
 * acknowledged and so can send again when refused. An `assignment.ack` is sent once per assignment the hub
 * pushed, is never resent, and would be lost if refused.
 */
const RATE_LIMITED: ReadonlySet<string> = new Set<HandledType>(['status', 'inventory', 'events']);

/**
 * The socket.io room of a cluster's current connection that speaks `version` or newer (v1 and v2 share the
 * first; one room per version above, so a message reaches only agents that understand it); with the Postgres
 * socket adapter an emit to it reaches the replica that holds the socket.
 */
const clusterRoom = (clusterId: string, version: number): string => (version <= 2 ? `cluster:${clusterId}` : `cluster:${clusterId}:v${version}`);

/** The server-side event by which a replica tells the others that a cluster's credentials were revoked. */
const REVOKED_ELSEWHERE = 'hub:credentialsRevoked';
const revokedElsewhereSchema = z.object({ clusterId: z.string().min(1).max(64), keepCredentialId: z.string().min(1).max(64).optional() });

/**
 * Heartbeats of all agents are recorded together, one UPDATE per flush on the presence pool (which report
 * batches never use), so they neither wait behind ingestion nor cost a round trip each. Each flush is a
 * statement and a commit in Postgres, so every flush waits its window, which widens with the heartbeat interval:
 * a fiftieth of it (200 ms at the default 10 s), far inside the three intervals an agent waits for its ack.
 * With 10,000 agents that is about 5 statements a second of 200 heartbeats, not hundreds of a few.
 */
const heartbeatBatching = (intervalMs: number) => ({
  windowMs: Math.min(250, Math.max(5, Math.floor(intervalMs / 50))),
  windowAfterFlush: true,
  maxItems: 1_000,
  concurrency: 2,
});

interface Beat {
  clusterId: string;
  credentialId: string;
  connectionId: string;
  at: Date;
}

type Emit = <E extends keyof HubToAgentEvents>(socket: Socket, event: E, payload: Parameters<HubToAgentEvents[E]>[0]) => void;
// Typed emits: every payload the hub sends is checked against the protocol's types at compile time.
const send: Emit = (socket, event, payload) => {
  socket.emit(event, payload);
};

/**
 * Server side of `/agent`: credential handshake, hello/heartbeat, the heartbeat timeout, supersede and revoke.
 * Connection state lives in Postgres (`clusters.agent_connection_id`, `last_seen_at`) so that with several hub
 * processes the newest connection wins everywhere and a crashed process's clusters still go Disconnected
 * (the sweeper); timers are per process.
 */
@Injectable()
export class AgentGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly byCluster = new Map<string, AgentConnection>();
  private readonly handlers = new Map<HandledType, MessageHandler<HandledType>>();
  private readonly readyListeners: ReadyListener[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly limiter: AgentRateLimiter;
  private readonly beats: Coalescer<Beat, ClusterConnectionState | null>;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly sockets: SocketServer,
    private readonly registration: RegistrationService,
    private readonly presence: AgentPresenceRepository,
    private readonly metrics: MetricsService,
    private readonly events: HubEvents,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
  ) {
    this.limiter = new AgentRateLimiter(config.agents.rateLimit ?? DEFAULT_AGENT_RATE_LIMIT);
    this.beats = new Coalescer({ ...heartbeatBatching(config.agents.heartbeatIntervalMs), key: (b) => b.clusterId, flush: (beats) => this.presence.touchIfCurrent(beats) });
  }

  /**
   * Sends a hub→agent message to the cluster's current connection, if that connection negotiated a version that
   * has the message. Emitted to the cluster's room, so with the Postgres socket adapter (several hub replicas)
   * it reaches the replica holding the socket. Returns whether this process holds the socket.
   * `minVersion` raises the version the connection must speak, for a payload only newer agents understand
   * (a `reconcile` of a kind other than Kustomization).
   */
  sendToCluster<E extends keyof HubToAgentEvents>(clusterId: string, event: E, payload: Parameters<HubToAgentEvents[E]>[0], minVersion = 1): boolean {
    const since = Math.max(MESSAGES[event].since, minVersion);
    // Rooms per version: only connections that speak `since` or newer joined its room.
    this.sockets.namespace('/agent').to(clusterRoom(clusterId, since)).emit(event, payload);
    return this.holdsHere(clusterId, since);
  }

  /**
   * Like sendToCluster, but answers whether any hub replica holds a connection that got the message: a
   * command a user waits on (suspend, resume, reconcile of one object) says so when nobody does.
   */
  async deliverToCluster<E extends keyof HubToAgentEvents>(clusterId: string, event: E, payload: Parameters<HubToAgentEvents[E]>[0], minVersion = 1): Promise<boolean> {
    const since = Math.max(MESSAGES[event].since, minVersion);
    if (!this.holdsHere(clusterId, since)) {
      if (!this.sockets.linked) return false;
      const remote = await this.sockets.namespace('/agent').in(clusterRoom(clusterId, since)).fetchSockets();
      if (remote.length === 0) return false;
    }
    this.sendToCluster(clusterId, event, payload, minVersion);
    return true;
  }

  private holdsHere(clusterId: string, since: number): boolean {
    const conn = this.byCluster.get(clusterId);
    return conn !== undefined && conn.helloDone && (conn.version ?? 1) >= since;
  }

  /** Registers the handler of an agent→hub message type (one per type); the gateway validates before calling it. */
  handle<T extends HandledType>(type: T, handler: MessageHandler<T>): void {
    if (this.handlers.has(type)) throw new Error(`a handler for "${type}" is registered already`);
    this.handlers.set(type, handler as unknown as MessageHandler<HandledType>);
  }

  /** Called after each accepted hello (welcome sent), e.g. to send the current assignment. */
  onAgentReady(listener: ReadyListener): void {
    this.readyListeners.push(listener);
  }

  /** Clusters whose current connection is held by this process, said hello and speaks at least `minVersion`. */
  connectedHere(minVersion = 1): string[] {
    return [...this.byCluster.values()].filter((c) => c.helloDone && (c.version ?? 1) >= minVersion).map((c) => c.clusterId);
  }

  private contextOf(conn: AgentConnection): AgentContext {
    return {
      clusterId: conn.clusterId,
      clusterName: conn.clusterName,
      credentialId: conn.credentialId,
      version: conn.version ?? 1,
      reply: (event, payload) => send(conn.socket, event, payload),
      reject: (code, messageType, message, extra) => this.reject(conn, code, messageType, message, extra),
      revoked: () => this.revoke(conn),
    };
  }

  onApplicationBootstrap(): void {
    const ns = this.sockets.namespace('/agent');
    ns.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const credential = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).credential : undefined;
      this.registration.checkCredential(credential).then(
        (check) => {
          if (!check.ok) {
            this.metrics.agentMessageErrors.inc({ reason: check.code });
            this.log.warn('agent connection refused', { reason: check.code, remote: socket.handshake.address });
            next(Object.assign(new Error(check.message), { data: { code: check.code, message: check.message } }));
            return;
          }
          socket.data = { clusterId: check.clusterId, clusterName: check.clusterName, credentialId: check.credentialId };
          next();
        },
        (err: unknown) => {
          this.log.error('agent handshake failed', { error: String(err) });
          next(Object.assign(new Error('hub error'), { data: { code: 'HUB_ERROR', message: 'the hub could not check the credential; retry' } }));
        },
      );
    });
    ns.on('connection', (socket) => this.onConnection(socket));
    this.unsubscribe = this.events.on('cluster.credentialsRevoked', ({ clusterId, keepCredentialId }) => {
      this.dropRevoked(clusterId, keepCredentialId);
      // The socket may be held by another replica: each one drops what it holds, at once rather than at the next heartbeat.
      if (this.sockets.linked) ns.serverSideEmit(REVOKED_ELSEWHERE, { clusterId, keepCredentialId });
    });
    ns.on(REVOKED_ELSEWHERE, (revoked: unknown) => {
      const parsed = revokedElsewhereSchema.safeParse(revoked);
      if (parsed.success) this.dropRevoked(parsed.data.clusterId, parsed.data.keepCredentialId);
    });
    const every = Math.max(50, Math.min(5_000, Math.floor(this.config.agents.heartbeatTimeoutMs / 3)));
    this.sweeper = setInterval(() => void this.sweep(), every);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    this.unsubscribe?.();
    for (const conn of this.byCluster.values()) clearTimeout(conn.timer);
  }

  private onConnection(socket: Socket): void {
    const data = socket.data as { clusterId: string; clusterName: string; credentialId: string };
    const conn: AgentConnection = { socket, ...data, helloDone: false, version: undefined, timer: undefined, queue: Promise.resolve(), limited: false };
    const older = this.byCluster.get(conn.clusterId);
    if (older) this.supersede(older, 'a newer agent connected with the same credential');
    this.byCluster.set(conn.clusterId, conn);
    this.log.info('agent connected', { clusterId: conn.clusterId, cluster: conn.clusterName, connectionId: socket.id });
    // An agent that never says hello must not hold a socket forever.
    this.armTimer(conn);
    socket.onAny((event: unknown, ...args: unknown[]) => void this.onMessage(conn, event, args[0]));
    socket.on('disconnect', (reason) => void this.onDisconnect(conn, reason));
  }

  private async onMessage(conn: AgentConnection, event: unknown, payload: unknown): Promise<void> {
    try {
      const parsed = parseMessage(String(event), payload, { from: 'agentToHub', version: conn.version });
      if (!parsed.ok) return this.reject(conn, parsed.error.code, parsed.error.messageType, parsed.error.message);
      if (event === 'hello') return await this.onHello(conn, parsed.message as Hello);
      if (!conn.helloDone) return this.reject(conn, 'HELLO_REQUIRED', String(event), 'send hello first');
      if (event === 'heartbeat') return this.onHeartbeat(conn, (parsed.message as Heartbeat).seq);
      const handler = this.handlers.get(event as HandledType);
      if (!handler) return this.reject(conn, 'MESSAGE_TYPE_UNSUPPORTED', String(event), `this hub does not handle "${String(event)}"`);
      if (RATE_LIMITED.has(String(event)) && !this.admit(conn, String(event), payload, (parsed.message as { seq: number }).seq)) return;
      this.metrics.agentMessages.inc({ type: String(event) });
      // Not awaited here: a report batch waits for its transaction (hundreds of milliseconds in a burst), and this
      // frame would keep the message as socket.io decoded it alive all that time, to be promoted to the old
      // generation. Only the validated message waits for its turn in the queue, then what the handler keeps.
      const message = parsed.message as MessagePayloads[HandledType];
      const run = conn.queue.then(() => handler(this.contextOf(conn), message));
      conn.queue = run.catch(() => undefined);
      run.catch((err: unknown) => this.failed(conn, err));
    } catch (err) {
      this.failed(conn, err);
    }
  }

  private failed(conn: AgentConnection, err: unknown): void {
    this.metrics.agentMessageErrors.inc({ reason: 'HUB_ERROR' });
    this.log.error('agent message failed', { clusterId: conn.clusterId, error: String(err) });
  }

  private reject(conn: AgentConnection, code: ProtocolErrorCode, messageType: string, message: string, extra: { seq?: number; retryAfterMs?: number } = {}): void {
    this.metrics.agentMessageErrors.inc({ reason: code });
    this.log.warn('agent message rejected', { clusterId: conn.clusterId, code, messageType: messageType.slice(0, 64), reason: message, ...extra });
    send(conn.socket, 'protocol.error', { code, message: message.slice(0, 2048), messageType: messageType.slice(0, 128), ...extra });
  }

  /**
   * The per-agent rate limit, before a handler runs (and so before any database work). A refused message is
   * answered with BATCH_RATE_LIMITED and the delay after which it would pass; nothing of it is kept, the agent
   * resends it from its outbox.
   */
  private admit(conn: AgentConnection, type: string, payload: unknown, seq: number): boolean {
    // The packet's size as it arrived; serialised again only for what the decoder did not size (a binary event).
    const bytes = bytesAsArrived(payload) ?? Buffer.byteLength(JSON.stringify(payload) ?? '');
    const decision = this.limiter.take(conn.credentialId, bytes, this.clock.now().getTime());
    if (decision.ok) {
      conn.limited = false;
      return true;
    }
    this.metrics.agentRateLimited.inc({ type });
    this.metrics.agentMessageErrors.inc({ reason: 'BATCH_RATE_LIMITED' });
    if (!conn.limited) {
      conn.limited = true;
      this.log.warn('agent rate limited', { clusterId: conn.clusterId, messageType: type, bytes, retryAfterMs: decision.retryAfterMs });
    }
    send(conn.socket, 'protocol.error', {
      code: 'BATCH_RATE_LIMITED',
      message: `this agent sends more than the hub accepts per agent; nothing of this message was stored, send it again in ${decision.retryAfterMs} ms`,
      messageType: type.slice(0, 128),
      retryAfterMs: decision.retryAfterMs,
      seq,
    });
    return false;
  }

  private async onHello(conn: AgentConnection, hello: Hello): Promise<void> {
    const negotiated = negotiateProtocolVersion(helloProtocolVersions(hello));
    if (!negotiated.ok) {
      this.reject(conn, 'PROTOCOL_VERSION_UNSUPPORTED', 'hello', negotiated.error.message);
      conn.socket.disconnect(true);
      return;
    }
    if (this.byCluster.get(conn.clusterId) !== conn) return; // superseded while the hello was in flight
    const recorded = await this.presence.markConnected(
      conn.clusterId,
      conn.credentialId,
      conn.socket.id,
      { agentVersion: hello.agentVersion, kubernetesVersion: hello.kubernetesVersion, nodeCount: hello.nodeCount },
      this.clock.now(),
    );
    if (!recorded) return this.revoke(conn); // revoked while the hello was in flight
    this.metrics.agentMessages.inc({ type: 'hello' });
    if (!conn.helloDone) this.metrics.agentsConnected.inc();
    conn.helloDone = true;
    conn.version = negotiated.version;
    this.armTimer(conn);
    for (let v = 1; v <= negotiated.version; v += 1) await conn.socket.join(clusterRoom(conn.clusterId, v));
    send(conn.socket, 'welcome', {
      protocolVersion: negotiated.version,
      heartbeatIntervalMs: this.config.agents.heartbeatIntervalMs,
      clusterId: conn.clusterId,
    });
    this.events.emit('cluster.changed', { clusterId: conn.clusterId });
    this.log.info('agent hello', {
      clusterId: conn.clusterId,
      agentVersion: hello.agentVersion,
      kubernetesVersion: hello.kubernetesVersion,
      nodeCount: hello.nodeCount,
      protocolVersion: negotiated.version,
    });
    const ctx = this.contextOf(conn);
    for (const listener of this.readyListeners) {
      // In the connection's queue, so what a listener sends (the assignment) precedes replies to later messages.
      const run = conn.queue.then(() => listener(ctx, hello));
      conn.queue = run.catch(() => undefined);
      await run.catch((err: unknown) => this.log.error('agent ready listener failed', { clusterId: conn.clusterId, error: String(err) }));
    }
  }

  /**
   * Not awaited by the message handler: a beat waits out the coalescer's window (a few hundred milliseconds,
   * several young-generation collections with thousands of agents), and what waits with it is copied at each one
   * and then promoted. Only the beat and the continuation wait; the decoded message and the handler's frames do not.
   */
  private onHeartbeat(conn: AgentConnection, seq: number): void {
    this.metrics.agentMessages.inc({ type: 'heartbeat' });
    const now = this.clock.now();
    this.beats
      .submit({ clusterId: conn.clusterId, credentialId: conn.credentialId, connectionId: conn.socket.id, at: now })
      .then((previous) => this.afterBeat(conn, seq, now, previous))
      .catch((err: unknown) => this.failed(conn, err));
  }

  private async afterBeat(conn: AgentConnection, seq: number, now: Date, previous: ClusterConnectionState | null): Promise<void> {
    if (previous !== null) {
      this.armTimer(conn);
      send(conn.socket, 'ack', { seq });
      // The sweeper may have marked it Disconnected while this process was stalled; announce the recovery.
      if (previous !== 'CONNECTED') this.events.emit('cluster.changed', { clusterId: conn.clusterId });
      return;
    }
    // Another connection (maybe on another hub process) replaced this one, or the credential was revoked, or
    // nobody holds the cluster any more (then this live connection takes it back).
    const check = await this.registration.checkCredentialById(conn.credentialId);
    if (check === 'revoked' || check === 'missing') return this.revoke(conn);
    // A heartbeat flushed after its own connection closed finds the row its disconnect released: that is not a
    // live connection to take the cluster back for.
    if (!conn.socket.connected) return;
    if (await this.presence.reclaim(conn.clusterId, conn.credentialId, conn.socket.id, now)) {
      if (!conn.socket.connected) {
        // It closed while the reclaim ran, after its disconnect found nothing to release: release it now.
        await this.presence.markDisconnectedIfCurrent(conn.clusterId, conn.socket.id, this.clock.now());
        return;
      }
      this.log.info('agent connection reclaimed the cluster', { clusterId: conn.clusterId, connectionId: conn.socket.id });
      this.armTimer(conn);
      send(conn.socket, 'ack', { seq });
      this.events.emit('cluster.changed', { clusterId: conn.clusterId });
      return;
    }
    this.supersede(conn, 'a newer agent connection for this cluster is active');
  }

  private armTimer(conn: AgentConnection): void {
    // The connection's one timer, re-armed: a new timer per heartbeat would live an interval each, long enough to
    // reach the old generation as garbage.
    if (conn.timer) {
      conn.timer.refresh();
      return;
    }
    conn.timer = setTimeout(() => {
      this.log.warn('agent heartbeat timeout', { clusterId: conn.clusterId, timeoutMs: this.config.agents.heartbeatTimeoutMs });
      conn.socket.disconnect(true);
    }, this.config.agents.heartbeatTimeoutMs);
  }

  private supersede(conn: AgentConnection, message: string): void {
    this.log.warn('agent connection superseded', { clusterId: conn.clusterId, connectionId: conn.socket.id, reason: message });
    send(conn.socket, 'superseded', { message });
    conn.socket.disconnect(true);
  }

  private revoke(conn: AgentConnection): void {
    this.log.warn('agent credential revoked; dropping connection', { clusterId: conn.clusterId, connectionId: conn.socket.id });
    send(conn.socket, 'revoked', {
      code: 'CREDENTIAL_REVOKED',
      message: 'the cluster credential was revoked in the hub; register the cluster again with a new token',
    });
    conn.socket.disconnect(true);
  }

  private dropRevoked(clusterId: string, keepCredentialId: string | undefined): void {
    const conn = this.byCluster.get(clusterId);
    if (conn && conn.credentialId !== keepCredentialId) this.revoke(conn);
  }

  private async onDisconnect(conn: AgentConnection, reason: string): Promise<void> {
    clearTimeout(conn.timer);
    if (conn.helloDone) this.metrics.agentsConnected.dec();
    if (this.byCluster.get(conn.clusterId) === conn) this.byCluster.delete(conn.clusterId);
    this.log.info('agent disconnected', { clusterId: conn.clusterId, connectionId: conn.socket.id, reason });
    try {
      if (await this.presence.markDisconnectedIfCurrent(conn.clusterId, conn.socket.id, this.clock.now())) {
        this.events.emit('cluster.changed', { clusterId: conn.clusterId });
      }
    } catch (err) {
      this.log.error('could not record agent disconnect', { clusterId: conn.clusterId, error: String(err) });
    }
  }

  private async sweep(): Promise<void> {
    this.limiter.prune(this.clock.now().getTime());
    try {
      const cutoff = new Date(this.clock.now().getTime() - this.config.agents.heartbeatTimeoutMs);
      for (const clusterId of await this.presence.markStaleDisconnected(cutoff)) {
        this.log.warn('cluster missed heartbeats; marked Disconnected', { clusterId });
        this.events.emit('cluster.changed', { clusterId });
      }
    } catch (err) {
      this.log.error('heartbeat sweep failed', { error: String(err) });
    }
  }
}
