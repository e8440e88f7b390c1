import type { Server as HttpServer } from 'node:http';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/postgres-adapter';
import { attach as attachEngine, type Server as Engine } from 'engine.io';
import pg from 'pg';
import { Server, type Namespace, type Socket } from 'socket.io';
import { AGENT_PING_INTERVAL_MS, AGENT_SOCKET_PATH, MAX_MESSAGE_BYTES } from '@flotilla/protocol';
import { JsonLogger } from '../common/logger.js';
import { sizedParser } from './arrived-bytes.js';
import { DATABASE_URL, HUB_CONFIG, type HubConfig } from '../config.js';

export type { Namespace, Socket };

/**
 * The one socket.io server of the hub process, on the hub's HTTP port, websocket transport only. Agents use
 * `/agent`, browsers `/ui`. This file and its parser's are the only ones that import socket.io's runtime.
 *
 * Two engine.io engines feed it, so both reach the same namespaces, rooms and adapter: browsers (and agents
 * older than `AGENT_SOCKET_PATH`) connect at `/socket.io`, with engine.io's pings every 20 s; agents connect at
 * `AGENT_SOCKET_PATH`, where the pings are only a backstop (`AGENT_PING_INTERVAL_MS` says why); with 10,000
 * agents, 20 s pings took about a quarter of the hub's steady CPU. Its parser is socket.io's, noting the size of
 * each event as it arrived (`bytesAsArrived`).
 *
 * With several replicas (`config.replicas.adapter === 'postgres'`), socket.io's Postgres adapter links the
 * servers through LISTEN/NOTIFY on the hub's database: an emit to a room, `disconnectSockets` and
 * `serverSideEmit` reach the sockets and servers of every replica. A single hub keeps the in-memory adapter
 * and opens no extra connection.
 */
@Injectable()
export class SocketServer implements OnApplicationShutdown {
  private io: Server | undefined;
  private readonly engines: Engine[] = [];
  private pool: pg.Pool | undefined;
  private readonly opened = new Set<string>(['/']);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly log: JsonLogger,
  ) {}

  /** Whether emits reach the sockets of other hub replicas. */
  get linked(): boolean {
    return this.config.replicas?.adapter === 'postgres';
  }

  namespace(name: '/agent' | '/ui'): Namespace {
    this.io ??= this.create();
    const ns = this.io.of(name);
    if (!this.opened.has(name)) {
      this.opened.add(name);
      // A browser's socket needs the pings that the agents' engine leaves out, so `/ui` is served on the other one.
      if (name === '/ui') ns.use((socket, next) => next(socket.handshake.url.startsWith(`${AGENT_SOCKET_PATH}/`) ? new Error(`browsers connect at /socket.io, not ${AGENT_SOCKET_PATH}`) : undefined));
      ns.on('connection', releaseUpgradeRequest);
    }
    return ns;
  }

  private create(): Server {
    let adapter: ReturnType<typeof createAdapter> | undefined;
    if (this.linked) {
      // Its own small pool: one connection LISTENs, the others NOTIFY; Prisma's pools stay for queries.
      this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 4, application_name: 'flotilla-hub-socket-adapter' });
      this.pool.on('error', (err) => this.log.warn('socket adapter database connection failed', { error: err.message }));
      adapter = createAdapter(this.pool, {
        errorHandler: (err: Error) => this.log.warn('socket adapter error', { error: err.message }),
        // A replica that stops answering (crashed, partitioned) is dropped from fetchSockets/serverSideEmit acks after this.
        heartbeatInterval: 2_000,
        heartbeatTimeout: 6_000,
      });
    }
    const http = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    const engineOptions = {
      transports: ['websocket' as const],
      // Agents send JSON messages and split report batches below this; a larger frame is a bug or an attack.
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingTimeout: 20_000,
    };
    const io = new Server(http, { ...engineOptions, serveClient: false, pingInterval: 20_000, parser: sizedParser, ...(adapter ? { adapter } : {}) });
    // The browsers' engine already closes upgrades that no engine takes; two timers for each would be one too many.
    const agents = attachEngine(http, { ...engineOptions, path: AGENT_SOCKET_PATH, pingInterval: AGENT_PING_INTERVAL_MS, destroyUpgrade: false });
    // bind() makes this engine io.engine; the first one keeps delivering its connections all the same.
    this.engines.push(io.engine, agents);
    io.bind(agents);
    return io;
  }

  async onApplicationShutdown(): Promise<void> {
    const io = this.io;
    if (!io) return;
    io.disconnectSockets(true);
    // io.close() also closes the HTTP server, which Nest closes itself; closing the engines and the adapters is enough here.
    for (const engine of this.engines) engine.close();
    for (const name of this.opened) await Promise.resolve(io.of(name).adapter.close()).catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }
}

/**
 * engine.io keeps each connection's upgrade request (the IncomingMessage with its stream state and raw headers)
 * for the connection's life, a few KiB each; with thousands of agents that is tens of MiB more for every major
 * collection to mark. Once a namespace has accepted the socket its handshake holds what the gateways read (the
 * headers object, the auth payload, the address), so the request is let go, as socket.io's memory guide
 * advises. A second namespace on the same connection would then see no headers: browsers use only `/ui` and
 * agents only `/agent`.
 */
function releaseUpgradeRequest(socket: Socket): void {
  Object.assign(socket.conn, { request: null });
}
