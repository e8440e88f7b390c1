import type { Server as HttpServer } from 'node:http';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { Server, type Namespace, type Socket } from 'socket.io';
import { MAX_MESSAGE_BYTES } from '@flotilla/protocol';
import { JsonLogger } from '../common/logger.js';
import { DATABASE_URL, HUB_CONFIG, type HubConfig } from '../config.js';

export type { Namespace, Socket };

/**
 * The one socket.io server of the hub process, on the hub's HTTP port, websocket transport only. Agents use
 * `/agent`, browsers `/ui`. This is the only file that imports socket.io's runtime.
 *
 * With several replicas (`config.replicas.adapter === 'postgres'`), socket.io's Postgres adapter links the
 * servers through LISTEN/NOTIFY on the hub's database: an emit to a room, `disconnectSockets` and
 * `serverSideEmit` reach the sockets and servers of every replica. A single hub keeps the in-memory adapter
 * and opens no extra connection.
 */
@Injectable()
export class SocketServer implements OnApplicationShutdown {
  private io: Server | undefined;
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
    return new Server(this.adapterHost.httpAdapter.getHttpServer() as HttpServer, {
      transports: ['websocket'],
      serveClient: false,
      // Agents send JSON messages and split report batches below this; a larger frame is a bug or an attack.
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      ...(adapter ? { adapter } : {}),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const io = this.io;
    if (!io) return;
    io.disconnectSockets(true);
    // io.close() also closes the HTTP server, which Nest closes itself; closing engine.io and the adapters is enough here.
    io.engine.close();
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
