import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import { AccessService } from '../auth/access.service.js';
import { fleetRole } from '../auth/access.js';
import { roleAtLeast, type Actor } from '../auth/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/http-request.js';
import { Clock } from '../common/clock.js';
import { HubEvents, type HubEventMap } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { HelmReleasesService } from '../helm/helm-releases.service.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { SocketServer, type Socket } from './socket-server.js';

/** Events the browser receives on `/ui`: ids only, and only about what the user may see; the UI refetches details over GraphQL. */
export interface UiEventMap {
  'cluster.changed': [HubEventMap['cluster.changed']];
  'cluster.deleted': [HubEventMap['cluster.deleted']];
  // GitOps events carry ids only, the UI invalidates its queries.
  'source.changed': [{ id: string }];
  'kustomization.changed': [{ id: string }];
  'kustomization.status': [{ id: string; clusterId: string }];
  'cluster.events': [HubEventMap['cluster.events']];
  'fluxObjects.changed': [HubEventMap['fluxObjects.changed']];
  // Image objects and proposals are fleet-wide; the UI refetches its lists.
  'images.changed': [Record<string, never>];
  'proposal.changed': [{ id: string }];
  // Hub OCIRepositories are read with the fleet-wide viewer role, so their changes go to fleet viewers.
  'ociRepository.changed': [{ id: string }];
  // Hub HelmRepositories likewise (fetched for the whole fleet); a hub HelmRelease goes to whoever may read it,
  // as its GraphQL query decides: its chart resolved, its spec edited, or it was deleted.
  'helmRepository.changed': [{ id: string }];
  'helmRelease.changed': [{ id: string }];
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The server-side event carrying a hub event to the `/ui` servers of the other replicas. */
const UI_EVENT_ELSEWHERE = 'hub:uiEvent';
const id = z.string().min(1).max(64);
const relayedEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('cluster.changed'), payload: z.object({ clusterId: id }) }),
  z.object({ event: z.literal('cluster.deleted'), payload: z.object({ clusterId: id }) }),
  z.object({ event: z.literal('cluster.events'), payload: z.object({ clusterId: id }) }),
  z.object({ event: z.literal('fluxObjects.changed'), payload: z.object({ clusterId: id }) }),
  z.object({ event: z.literal('source.changed'), payload: z.object({ sourceId: id }) }),
  z.object({ event: z.literal('kustomization.changed'), payload: z.object({ kustomizationId: id, deleted: z.boolean().optional() }) }),
  z.object({ event: z.literal('kustomization.status'), payload: z.object({ kustomizationId: id, clusterId: id }) }),
  z.object({ event: z.literal('imageRepository.changed'), payload: z.object({ imageRepositoryId: id, namespace: z.string().max(253), name: z.string().max(253) }) }),
  z.object({
    event: z.literal('imageRepository.scanned'),
    payload: z.object({ imageRepositoryId: id, namespace: z.string().max(253), name: z.string().max(253), tagsChanged: z.boolean() }),
  }),
  z.object({ event: z.literal('imagePolicy.changed'), payload: z.object({ imagePolicyId: id }) }),
  z.object({ event: z.literal('proposal.changed'), payload: z.object({ proposalId: id }) }),
  z.object({ event: z.literal('ociRepository.changed'), payload: z.object({ ociRepositoryId: id }) }),
  z.object({ event: z.literal('helmRepository.changed'), payload: z.object({ helmRepositoryId: id }) }),
  z.object({ event: z.literal('helmRelease.changed'), payload: z.object({ helmReleaseId: id, deleted: z.boolean().optional() }) }),
]);
/** Hub events a browser hears of, whichever replica they happened on. */
type RelayedEvent = z.infer<typeof relayedEventSchema>;
const RELAYED = relayedEventSchema.options.map((o) => o.shape.event.value);

/** How long a socket's user (their role and grants) is reused between events before it is read again. */
const ACTOR_TTL_MS = 1_000;

interface UiSocketData {
  userId: string;
  sessionToken: string;
  actor?: { value: Promise<Actor | null>; at: number };
}

/**
 * Server side of `/ui`. Chosen over GraphQL subscriptions: one realtime stack for agents and browsers. Each
 * event goes only to the sockets whose user may see what it names, decided by the same AccessService the
 * resolvers use; a socket's user is re-read at most every second, so a changed grant applies within one.
 */
@Injectable()
export class UiGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sockets: SocketServer,
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly kustomizations: KustomizationsService,
    private readonly sources: GitRepositoriesService,
    private readonly helmReleases: HelmReleasesService,
    private readonly events: HubEvents,
    private readonly clock: Clock,
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
          socket.data = { userId: session.actor.userId, sessionToken: token, actor: { value: Promise.resolve(session.actor), at: this.clock.now().getTime() } } satisfies UiSocketData;
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
    const send = <K extends keyof UiEventMap>(event: K, payload: UiEventMap[K][0], visibleTo: (actor: Actor) => Promise<boolean>): void => {
      for (const socket of ns.sockets.values()) {
        this.deliver(socket, event, payload, visibleTo).catch((err: unknown) => this.log.error('ui event delivery failed', { event, error: String(err) }));
      }
    };
    const cluster = (clusterId: string) => (actor: Actor) => this.access.canSee(actor, clusterId);
    // Each replica decides for the browsers it holds, so the event itself travels between replicas, not the per-user result.
    const fleetViewer = (actor: Actor) => Promise.resolve(roleAtLeast(fleetRole(actor), 'VIEWER'));
    const deliverHere = (e: RelayedEvent): void => {
      switch (e.event) {
        case 'cluster.changed':
          return send('cluster.changed', e.payload, cluster(e.payload.clusterId));
        // A deleted cluster has no labels left to match a grant: only fleet-wide viewers hear of it.
        case 'cluster.deleted':
          return send('cluster.deleted', e.payload, async (actor) => (await this.access.scope(actor, 'VIEWER')).all);
        case 'cluster.events':
          return send('cluster.events', e.payload, cluster(e.payload.clusterId));
        case 'fluxObjects.changed':
          return send('fluxObjects.changed', e.payload, cluster(e.payload.clusterId));
        case 'source.changed': {
          const { sourceId } = e.payload;
          return send('source.changed', { id: sourceId }, async (actor) => (await this.sources.get(actor, sourceId)) !== null);
        }
        case 'kustomization.changed': {
          const { kustomizationId, deleted } = e.payload;
          return send('kustomization.changed', { id: kustomizationId }, async (actor) =>
            deleted ? (await this.access.scope(actor, 'VIEWER')).all : (await this.kustomizations.get(actor, kustomizationId)) !== null,
          );
        }
        case 'kustomization.status': {
          const { kustomizationId, clusterId } = e.payload;
          return send('kustomization.status', { id: kustomizationId, clusterId }, async (actor) => {
            const k = await this.kustomizations.get(actor, kustomizationId);
            return k !== null && (await this.access.canSee(actor, clusterId, k.namespace));
          });
        }
        // Like their GraphQL queries: the viewer role on the whole fleet.
        case 'imageRepository.changed':
        case 'imageRepository.scanned':
        case 'imagePolicy.changed':
          return send('images.changed', {}, fleetViewer);
        case 'proposal.changed':
          return send('proposal.changed', { id: e.payload.proposalId }, fleetViewer);
        case 'ociRepository.changed':
          return send('ociRepository.changed', { id: e.payload.ociRepositoryId }, fleetViewer);
        case 'helmRepository.changed':
          return send('helmRepository.changed', { id: e.payload.helmRepositoryId }, fleetViewer);
        case 'helmRelease.changed': {
          const { helmReleaseId, deleted } = e.payload;
          return send('helmRelease.changed', { id: helmReleaseId }, async (actor) =>
            deleted ? (await this.access.scope(actor, 'VIEWER')).all : (await this.helmReleases.get(actor, helmReleaseId)) !== null,
          );
        }
      }
    };
    const relay = <K extends RelayedEvent['event']>(event: K): (() => void) =>
      this.events.on(event, (payload) => {
        const e = { event, payload } as RelayedEvent;
        deliverHere(e);
        if (this.sockets.linked) ns.serverSideEmit(UI_EVENT_ELSEWHERE, e);
      });
    ns.on(UI_EVENT_ELSEWHERE, (e: unknown) => {
      const parsed = relayedEventSchema.safeParse(e);
      if (parsed.success) deliverHere(parsed.data);
      else this.log.warn('ui event from another replica not understood', { error: parsed.error.message.slice(0, 200) });
    });
    this.unsubscribe.push(
      ...RELAYED.map((event) => relay(event)),
      // Through the socket adapter this reaches the session's sockets on every replica.
      this.events.on('session.ended', ({ sessionId }) => ns.in(`session:${sessionId}`).disconnectSockets(true)),
    );
  }

  private async deliver<K extends keyof UiEventMap>(socket: Socket, event: K, payload: UiEventMap[K][0], visibleTo: (actor: Actor) => Promise<boolean>): Promise<void> {
    const actor = await this.actorOf(socket);
    if (!actor) {
      socket.disconnect(true);
      return;
    }
    if (await visibleTo(actor)) socket.emit(event, payload);
  }

  /**
   * The socket's user as of at most a second ago; null once their session is gone or they are disabled. The
   * lookup itself is shared, so a burst of events reads the session once per socket.
   */
  private actorOf(socket: Socket): Promise<Actor | null> {
    const data = socket.data as UiSocketData;
    const now = this.clock.now().getTime();
    if (data.actor && now - data.actor.at < ACTOR_TTL_MS) return data.actor.value;
    const value = this.auth.resolveSession(data.sessionToken).then((session) => session?.actor ?? null);
    data.actor = { value, at: now };
    return value;
  }

  onApplicationShutdown(): void {
    for (const off of this.unsubscribe) off();
  }
}
