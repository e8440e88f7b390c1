import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/http-request.js';
import { HubEvents, type HubEventMap } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { SocketServer } from './socket-server.js';

/** Events the browser receives on `/ui`: ids only; the UI refetches details over GraphQL (with its role checks). */
export interface UiEventMap {
  'cluster.changed': [HubEventMap['cluster.changed']];
  'cluster.deleted': [HubEventMap['cluster.deleted']];
  // GitOps events carry ids only, the UI invalidates its queries.
  'source.changed': [{ id: string }];
  'kustomization.changed': [{ id: string }];
  'kustomization.status': [{ id: string; clusterId: string }];
  'cluster.events': [HubEventMap['cluster.events']];
  'fluxObjects.changed': [HubEventMap['fluxObjects.changed']];
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Server side of `/ui`. Chosen over GraphQL subscriptions: one realtime stack for agents and browsers, rooms
 * for tenant fan-out later, and socket.io's Postgres adapter for several hub replicas.
 */
@Injectable()
export class UiGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sockets: SocketServer,
    private readonly auth: AuthService,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const ns = this.sockets.namespace('/ui');
    ns.use((socket, next) => {
      const token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
      if (!token) {
        next(Object.assign(new Error('log in first'), { data: { code: 'UNAUTHENTICATED', message: 'log in first' } }));
        return;
      }
      this.auth.resolveSession(token).then(
        (session) => {
          if (!session) {
            next(Object.assign(new Error('session expired'), { data: { code: 'UNAUTHENTICATED', message: 'session expired; log in again' } }));
            return;
          }
          socket.data = { userId: session.actor.userId };
          // One room per session, so logging out closes that session's live updates at once.
          if (session.actor.sessionId) void socket.join(`session:${session.actor.sessionId}`);
          next();
        },
        (err: unknown) => {
          this.log.error('ui socket auth failed', { error: String(err) });
          next(new Error('hub error'));
        },
      );
    });
    const forward = <K extends keyof UiEventMap>(event: K) =>
      this.events.on(event, (payload) => {
        ns.emit(event, payload);
      });
    this.unsubscribe.push(
      forward('cluster.changed'),
      forward('cluster.deleted'),
      forward('cluster.events'),
      forward('fluxObjects.changed'),
      this.events.on('source.changed', ({ sourceId }) => ns.emit('source.changed', { id: sourceId })),
      this.events.on('kustomization.changed', ({ kustomizationId }) => ns.emit('kustomization.changed', { id: kustomizationId })),
      this.events.on('kustomization.status', ({ kustomizationId, clusterId }) => ns.emit('kustomization.status', { id: kustomizationId, clusterId })),
      this.events.on('session.ended', ({ sessionId }) => ns.in(`session:${sessionId}`).disconnectSockets(true)),
    );
  }

  onApplicationShutdown(): void {
    for (const off of this.unsubscribe) off();
  }
}
