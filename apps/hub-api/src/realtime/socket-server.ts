import type { Server as HttpServer } from 'node:http';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server, type Namespace, type Socket } from 'socket.io';
import { MAX_MESSAGE_BYTES } from '@flotilla/protocol';

export type { Namespace, Socket };

/**
 * The one socket.io server of the hub process, on the hub's HTTP port, websocket transport only. Agents use
 * `/agent`, browsers `/ui`. This is the only file that imports socket.io's runtime.
 */
@Injectable()
export class SocketServer implements OnApplicationShutdown {
  private io: Server | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  namespace(name: '/agent' | '/ui'): Namespace {
    this.io ??= new Server(this.adapterHost.httpAdapter.getHttpServer() as HttpServer, {
      transports: ['websocket'],
      serveClient: false,
      // Agents send JSON messages and split report batches below this; a larger frame is a bug or an attack.
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingInterval: 20_000,
      pingTimeout: 20_000,
    });
    return this.io.of(name);
  }

  async onApplicationShutdown(): Promise<void> {
    const io = this.io;
    if (!io) return;
    io.disconnectSockets(true);
    // io.close() also closes the HTTP server, which Nest closes itself; closing engine.io is enough here.
    io.engine.close();
  }
}
