import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import {
  alertSpec,
  DEFAULT_PROVIDER_TIMEOUT,
  isGitProviderType,
  type FluxEvent,
} from '@flotilla/protocol/flux';
import { Waker } from '../../common/claim-loop.js';
import { Clock } from '../../common/clock.js';
import { HubEvents } from '../../common/hub-events.js';
import { JsonLogger } from '../../common/logger.js';
import type { SecretBox } from '../../common/secret-box.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from '../../sources/sources.providers.js';
import type { ClusterSelector } from '../alerts/alert-match.js';
import { foldGroup } from '../alerts/noise.js';
import { routeEvents, takesEvents, type RoutableAlert } from '../alerts/route-events.js';
import { NotificationsRepository, type AlertRow, type ClaimedDelivery } from '../notifications.repository.js';
import { buildProviderRequest } from '../payloads/build-request.js';
import { GIVE_UP_AFTER_MS, retryDelayMs } from './backoff.js';
import { NotificationMetrics } from './notification-metrics.js';
import { postProviderRequest, type OutboundGuard } from './http-post.js';
import { providerProxy } from './proxy-url.js';
import { MAX_PROVIDER_TIMEOUT_MS } from '../notifications.validation.js';
import { secretValues } from './provider-secret.js';
import { providerTarget } from './provider-target.js';

/** Outbox rows routed per transaction. */
const ROUTE_BATCH = 500;
/** Messages in flight at once per hub replica; a slow provider holds a slot, not a whole round. */
const SEND_CONCURRENCY = 64;
/** How often an idle dispatcher looks for due retries and closing group windows; stored events wake it at once. */
const POLL_MS = 250;
/** A claim outlives the longest send (the timeout) by this much, so two replicas never hold one message. */
const LEASE_MARGIN_MS = 30_000;

export const routableAlert = (row: AlertRow): RoutableAlert => ({
  id: row.id,
  namespace: row.namespace,
  providerId: row.providerId,
  providerSuspended: row.provider.suspend,
  forge: isGitProviderType(row.provider.type),
  spec: alertSpec.omit({ providerRef: true }).parse(row.spec),
  clusterSelector: row.clusterSelector as ClusterSelector,
  mode: row.mode === 'state-change' ? 'state-change' : 'every',
  groupWindowMs: row.groupWindowMs,
});

export const providerTimeoutMs = (timeout: string | null): number => {
  const parsed = parseGoDuration(timeout ?? DEFAULT_PROVIDER_TIMEOUT);
  return parsed.ok ? durationMs(parsed.value) : 15_000;
};

/**
 * Moves stored cluster events to Providers: routes the outbox through the Alerts (one transaction per batch,
 * so no event is routed twice or lost), then sends due messages with retries and exponential backoff, writing
 * every attempt to the delivery log. Runs in every hub replica; Postgres row locks share the work.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waker = new Waker();
  private unsubscribe: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly repo: NotificationsRepository,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly guard: OutboundGuard,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly metrics: NotificationMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.unsubscribe = this.events.on('cluster.events', () => this.poke());
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.waker.stop();
    await this.loop;
    await Promise.allSettled(this.inFlight);
  }

  poke(): void {
    this.waker.poke();
  }

  private async run(): Promise<void> {
    let lastSweep = 0;
    while (this.running) {
      try {
        const routed = await this.routeOnce();
        const sent = await this.sendOnce();
        const now = this.clock.now();
        if (now.getTime() - lastSweep > 60_000) {
          lastSweep = now.getTime();
          await this.repo.sweepDedup(now);
        }
        if (routed === ROUTE_BATCH || (sent > 0 && this.inFlight.size < SEND_CONCURRENCY)) continue;
        await this.waker.sleep(POLL_MS);
      } catch (err) {
        this.log.error('notification dispatcher tick failed', {
          error: err instanceof Error ? err.message : String(err),
        });
        await this.waker.sleep(1000);
      }
    }
  }

  /** Routes one batch of the outbox; returns how many outbox rows it took. */
  async routeOnce(): Promise<number> {
    const alerts = (await this.repo.listAlerts()).map(routableAlert);
    // No Alert could take any event: routing would read each event with its cluster and object only to send
    // nothing, so the outbox rows are just removed (an Alert created later takes the events stored after it).
    if (!alerts.some(takesEvents)) return this.repo.dropOutbox(ROUTE_BATCH);
    return this.repo.routeOutbox(ROUTE_BATCH, async (events, ops) => {
      await routeEvents(events, alerts, ops, this.clock.now());
    });
  }

  /**
   * Claims as many due messages as there are free slots and starts sending them; returns how many it claimed.
   * A finished send frees its slot and wakes the loop.
   */
  async sendOnce(): Promise<number> {
    const free = SEND_CONCURRENCY - this.inFlight.size;
    if (free <= 0) return 0;
    const claimed = await this.repo.claimDue(
      this.clock.now(),
      free,
      MAX_PROVIDER_TIMEOUT_MS + LEASE_MARGIN_MS,
    );
    for (const d of claimed) {
      const job: Promise<void> = this.deliver(d)
        .catch((err: unknown) =>
          this.log.error('notification delivery crashed; retried when its claim expires', {
            deliveryId: String(d.id),
            error: err instanceof Error ? err.message : String(err),
          }),
        )
        .finally(() => {
          this.inFlight.delete(job);
          this.poke();
        });
      this.inFlight.add(job);
    }
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const p = d.provider;
    const started = this.clock.now();
    const fail = async (statusCode: number | null, error: string, latencyMs: number): Promise<void> => {
      const at = this.clock.now();
      const givesUp = at.getTime() - d.createdAt.getTime() >= GIVE_UP_AFTER_MS;
      this.log.warn('notification not delivered', {
        providerId: p.id,
        provider: `${p.namespace}/${p.name}`,
        deliveryId: String(d.id),
        attempt: d.attempts + 1,
        statusCode,
        error,
        givingUp: givesUp,
      });
      await this.repo.settle(
        d.id,
        p.id,
        { at, statusCode, error, latencyMs },
        givesUp
          ? { state: 'failed', at }
          : { state: 'pending', nextAttemptAt: new Date(at.getTime() + retryDelayMs(d.attempts + 1)) },
      );
      this.metrics.record(p.type, givesUp ? 'failed' : 'retried');
    };
    if (p.suspend) {
      // Flux drops what a suspended Provider would have sent.
      await this.repo.settle(
        d.id,
        p.id,
        { at: started, statusCode: null, error: 'the Provider is suspended; message dropped', latencyMs: 0 },
        { state: 'failed', at: started },
      );
      this.metrics.record(p.type, 'failed');
      return;
    }
    let target;
    try {
      target = providerTarget(this.box, p);
    } catch (err) {
      return fail(null, `the Provider's secret cannot be opened: ${(err as Error).message}`, 0);
    }
    const built = buildProviderRequest(target, foldGroup(d.events as FluxEvent[]));
    if (!built.ok) return fail(null, `${built.problem.field}: ${built.problem.message}`, 0);
    const via = providerProxy(target);
    if ('field' in via) return fail(null, `${via.field}: ${via.message}`, 0);
    const result = await postProviderRequest(built.request, {
      timeoutMs: providerTimeoutMs(p.timeout),
      ca: p.certificate,
      secrets: secretValues(target.secret),
      guard: this.guard,
      ...(via.proxy ? { proxy: via.proxy } : {}),
    });
    if (result.error !== null) return fail(result.statusCode, result.error, result.latencyMs);
    const at = this.clock.now();
    await this.repo.settle(
      d.id,
      p.id,
      { at, statusCode: result.statusCode, error: null, latencyMs: result.latencyMs },
      { state: 'delivered', at },
    );
    this.metrics.record(p.type, 'delivered');
  }
}
