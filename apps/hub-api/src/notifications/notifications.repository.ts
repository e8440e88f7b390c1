import { Inject, Injectable } from '@nestjs/common';
import type { NotificationAlert, NotificationProvider, Prisma } from '@flotilla/prisma/client';
import { deleteInChunks } from '../db/delete-in-chunks.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { HubEvent } from './alerts/hub-event.js';

export type ProviderRow = NotificationProvider;
export type AlertRow = NotificationAlert & {
  provider: Pick<NotificationProvider, 'name' | 'suspend' | 'type'>;
};

export interface ProviderWrite {
  type: string;
  address: string | null;
  channel: string | null;
  username: string | null;
  timeout: string | null;
  proxy: string | null;
  suspend: boolean;
  /** undefined keeps the stored certificates. */
  certificate?: string | null;
  /** undefined keeps the stored secret. */
  secret?: { sealed: string | null; keys: string[] };
  /** undefined keeps the stored names. */
  secretRefName?: string | null;
  certSecretRefName?: string | null;
}

export interface AlertWrite {
  providerId: string;
  spec: Prisma.InputJsonValue;
  clusterSelector: Prisma.InputJsonValue;
  mode: string;
  groupWindowMs: number;
}

/** A message to queue for a Provider. `groupKey` with a window: folded with others of the key until it closes. */
export interface QueuedDelivery {
  alertId: string | null;
  providerId: string;
  event: Prisma.InputJsonValue;
  groupKey: string | null;
  notBefore: Date;
}

/** What routing may do inside the transaction that takes a batch off the outbox. */
export interface RoutingOps {
  /** True when the key was not seen before `now` (then it is held until `until`): Flux's rate limit. */
  firstWithin(key: string, now: Date, until: Date): Promise<boolean>;
  failingSince(alertId: string, objectKey: string): Promise<Date | null>;
  setFailingSince(alertId: string, objectKey: string, since: Date | null): Promise<void>;
  enqueue(d: QueuedDelivery): Promise<void>;
}

/** A delivery claimed for sending, with its Provider row. */
export interface ClaimedDelivery {
  id: bigint;
  attempts: number;
  createdAt: Date;
  events: unknown[];
  provider: ProviderRow;
}

/**
 * Holds `key` until `until` and says whether this call took it: true when the key was free or had expired at
 * `now`. One statement, so two hub replicas racing for a key cannot both win.
 */
async function claimKey(
  db: Pick<Db, '$queryRaw'> | Prisma.TransactionClient,
  key: string,
  now: Date,
  until: Date,
): Promise<boolean> {
  const won = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO notification_dedup (key, expires_at) VALUES (${key}, ${until})
    ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE notification_dedup.expires_at <= ${now}
    RETURNING key`;
  return won.length > 0;
}

interface OutboxRow {
  outbox_id: bigint;
  event_id: bigint | null;
  cluster_name: string | null;
  cluster_labels: Record<string, string> | null;
  object_labels: Record<string, string> | null;
  involved_kind: string;
  involved_namespace: string | null;
  involved_name: string;
  severity: string;
  reason: string;
  message: string;
  revision: string | null;
  occurred_at: Date;
}

@Injectable()
export class NotificationsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  listProviders(): Promise<ProviderRow[]> {
    return this.db.notificationProvider.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findProvider(id: string): Promise<ProviderRow | null> {
    return this.db.notificationProvider.findUnique({ where: { id } });
  }

  createProvider(id: string, namespace: string, name: string, w: ProviderWrite): Promise<ProviderRow> {
    const { secret, ...fields } = w;
    return this.db.notificationProvider.create({
      data: {
        id,
        namespace,
        name,
        ...fields,
        secretSealed: secret?.sealed ?? null,
        secretKeys: secret?.keys ?? [],
      },
    });
  }

  updateProvider(id: string, namespace: string, name: string, w: ProviderWrite): Promise<ProviderRow> {
    const { secret, ...fields } = w;
    return this.db.notificationProvider.update({
      where: { id },
      data: {
        namespace,
        name,
        ...fields,
        ...(secret ? { secretSealed: secret.sealed, secretKeys: secret.keys } : {}),
      },
    });
  }

  async deleteProvider(id: string): Promise<boolean> {
    const r = await this.db.notificationProvider.deleteMany({ where: { id } });
    return r.count > 0;
  }

  countAlertsOf(providerId: string): Promise<number> {
    return this.db.notificationAlert.count({ where: { providerId } });
  }

  listAlerts(): Promise<AlertRow[]> {
    return this.db.notificationAlert.findMany({
      include: { provider: { select: { name: true, suspend: true, type: true } } },
      orderBy: [{ namespace: 'asc' }, { name: 'asc' }],
    });
  }

  findAlert(id: string): Promise<AlertRow | null> {
    return this.db.notificationAlert.findUnique({
      where: { id },
      include: { provider: { select: { name: true, suspend: true, type: true } } },
    });
  }

  createAlert(id: string, namespace: string, name: string, w: AlertWrite): Promise<AlertRow> {
    return this.db.notificationAlert.create({
      data: { id, namespace, name, ...w },
      include: { provider: { select: { name: true, suspend: true, type: true } } },
    });
  }

  async setProviderSuspend(id: string, suspend: boolean): Promise<void> {
    await this.db.notificationProvider.update({ where: { id }, data: { suspend } });
  }

  /** An Alert keeps Flux's spec whole; suspend is set in it, in one statement. */
  async setAlertSuspend(id: string, suspend: boolean): Promise<void> {
    await this.db.$executeRaw`UPDATE notification_alerts SET spec = jsonb_set(spec::jsonb, '{suspend}', to_jsonb(${suspend}::boolean)), updated_at = now() WHERE id = ${id}`;
  }

  updateAlert(id: string, namespace: string, name: string, w: AlertWrite): Promise<AlertRow> {
    return this.db.notificationAlert.update({
      where: { id },
      data: { namespace, name, ...w },
      include: { provider: { select: { name: true, suspend: true, type: true } } },
    });
  }

  async deleteAlert(id: string): Promise<boolean> {
    const r = await this.db.notificationAlert.deleteMany({ where: { id } });
    return r.count > 0;
  }

  /** The newest attempts of a Provider, with the state of the message each was for. */
  attempts(providerId: string, limit: number) {
    return this.db.notificationAttempt.findMany({
      where: { providerId },
      orderBy: { id: 'desc' },
      take: limit,
      include: { delivery: { select: { state: true, events: true } } },
    });
  }

  /**
   * Takes up to `limit` events off the outbox, oldest first, and routes them in one transaction: whatever
   * `route` queues is committed together with the removal of the events from the outbox, so an event is routed
   * exactly once even when several hub replicas run this at once (SKIP LOCKED gives each a different batch).
   * Events the retention sweep deleted meanwhile are dropped. Returns how many outbox rows were taken.
   * The labels an Alert's matchLabels read are the object's as its agent reported them; for a Kustomization the
   * hub placed, the hub definition's labels are laid over them, since the in-cluster copy carries only the
   * hub's owner label.
   */
  async routeOutbox(
    limit: number,
    route: (events: HubEvent[], ops: RoutingOps) => Promise<void>,
  ): Promise<number> {
    return this.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT o.id AS outbox_id, e.id AS event_id, c.name AS cluster_name, c.labels AS cluster_labels,
                 CASE WHEN k.id IS NULL THEN f.labels ELSE COALESCE(f.labels, '{}'::jsonb) || k.labels END AS object_labels,
                 e.involved_kind, e.involved_namespace, e.involved_name, e.severity, e.reason, e.message, e.revision, e.occurred_at
          FROM (SELECT id, event_id FROM notification_outbox ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED) o
          LEFT JOIN cluster_events e ON e.id = o.event_id
          LEFT JOIN clusters c ON c.id = e.cluster_id
          LEFT JOIN flux_objects f ON f.cluster_id = e.cluster_id AND f.kind = e.involved_kind
                AND f.namespace = e.involved_namespace AND f.name = e.involved_name
          LEFT JOIN kustomizations k ON k.id = f.kustomization_id AND f.origin = 'hub'
          ORDER BY o.id`;
        if (rows.length === 0) return 0;
        const events: HubEvent[] = rows
          .filter((r) => r.event_id !== null && r.cluster_name !== null)
          .map((r) => ({
            id: r.event_id as bigint,
            cluster: { name: r.cluster_name as string, labels: r.cluster_labels ?? {} },
            kind: r.involved_kind,
            namespace: r.involved_namespace ?? '',
            name: r.involved_name,
            objectLabels: r.object_labels,
            severity: r.severity === 'error' ? 'error' : 'info',
            reason: r.reason,
            message: r.message,
            revision: r.revision,
            occurredAt: r.occurred_at,
          }));
        const ops: RoutingOps = {
          firstWithin: (key, now, until) => claimKey(tx, key, now, until),
          failingSince: async (alertId, objectKey) => {
            const [row] = await tx.$queryRaw<{ failing_since: Date }[]>`
              SELECT failing_since FROM notification_alert_states WHERE alert_id = ${alertId} AND object_key = ${objectKey}`;
            return row?.failing_since ?? null;
          },
          setFailingSince: async (alertId, objectKey, since) => {
            if (since === null) {
              await tx.$executeRaw`DELETE FROM notification_alert_states WHERE alert_id = ${alertId} AND object_key = ${objectKey}`;
            } else {
              await tx.$executeRaw`
                INSERT INTO notification_alert_states (alert_id, object_key, failing_since) VALUES (${alertId}, ${objectKey}, ${since})
                ON CONFLICT (alert_id, object_key) DO UPDATE SET failing_since = EXCLUDED.failing_since`;
            }
          },
          enqueue: async (d) => {
            const events = JSON.stringify([d.event]);
            if (d.groupKey === null) {
              await tx.$executeRaw`
                INSERT INTO notification_deliveries (alert_id, provider_id, events, next_attempt_at)
                VALUES (${d.alertId}, ${d.providerId}, ${events}::jsonb, ${d.notBefore})`;
              return;
            }
            // The open group of this key takes the event; else this event opens one, sent when its window ends.
            await tx.$executeRaw`
              INSERT INTO notification_deliveries (alert_id, provider_id, group_key, events, next_attempt_at)
              VALUES (${d.alertId}, ${d.providerId}, ${d.groupKey}, ${events}::jsonb, ${d.notBefore})
              ON CONFLICT (group_key) WHERE state = 'pending' AND group_key IS NOT NULL
              DO UPDATE SET events = notification_deliveries.events || EXCLUDED.events`;
          },
        };
        await route(events, ops);
        const ids = rows.map((r) => r.outbox_id);
        await tx.$executeRaw`DELETE FROM notification_outbox WHERE id = ANY(${ids}::bigint[])`;
        return rows.length;
      },
      { timeout: 60_000 },
    );
  }

  /** Removes up to `limit` of the oldest outbox rows unread (none is held by a routing transaction); returns how many. */
  dropOutbox(limit: number): Promise<number> {
    return this.db.$executeRaw`
      DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
  }

  /**
   * Claims due deliveries for `leaseMs`: another replica (or this one after a crash) takes them again only when
   * the lease ends, which is longer than a send may take, so a message is not sent twice by two replicas. A
   * claimed group is closed: events arriving later open a new one.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const rows = await this.db.$queryRaw<
      { id: bigint; attempts: number; created_at: Date; events: unknown[]; provider_id: string }[]
    >`
      UPDATE notification_deliveries d SET lease_until = ${leaseUntil}, group_key = NULL
      WHERE d.id IN (
        SELECT id FROM notification_deliveries
        WHERE state = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
        ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.attempts, d.created_at, d.events, d.provider_id`;
    if (rows.length === 0) return [];
    const providers = await this.db.notificationProvider.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.provider_id))] } },
    });
    const byId = new Map(providers.map((p) => [p.id, p]));
    return rows.flatMap((r) => {
      const provider = byId.get(r.provider_id);
      return provider
        ? [{ id: r.id, attempts: r.attempts, createdAt: r.created_at, events: r.events, provider }]
        : [];
    });
  }

  /** Records an attempt and what follows: delivered, failed for good, or pending again at `nextAttemptAt`. */
  async settle(
    deliveryId: bigint,
    providerId: string,
    attempt: { at: Date; statusCode: number | null; error: string | null; latencyMs: number },
    outcome: { state: 'delivered' | 'failed'; at: Date } | { state: 'pending'; nextAttemptAt: Date },
  ): Promise<void> {
    await this.db.$transaction([
      this.db.notificationAttempt.create({
        data: {
          deliveryId,
          providerId,
          at: attempt.at,
          statusCode: attempt.statusCode,
          error: attempt.error,
          latencyMs: attempt.latencyMs,
        },
      }),
      this.db.notificationDelivery.update({
        where: { id: deliveryId },
        data:
          outcome.state === 'pending'
            ? { attempts: { increment: 1 }, nextAttemptAt: outcome.nextAttemptAt, leaseUntil: null }
            : { attempts: { increment: 1 }, state: outcome.state, finishedAt: outcome.at, leaseUntil: null },
      }),
    ]);
  }

  /** Queues one message outside routing (a test notification, a commit status). */
  async enqueueDirect(
    providerId: string,
    alertId: string | null,
    event: Prisma.InputJsonValue,
    at: Date,
  ): Promise<bigint> {
    const row = await this.db.notificationDelivery.create({
      data: { providerId, alertId, events: [event], nextAttemptAt: at },
      select: { id: true },
    });
    return row.id;
  }

  /** See `claimKey`: replays of a webhook delivery, commit-status transitions already posted. */
  claimKey(key: string, now: Date, until: Date): Promise<boolean> {
    return claimKey(this.db, key, now, until);
  }

  /** Forgets rate-limit keys past their expiry, so the table holds only the last interval's events. */
  async sweepDedup(now: Date): Promise<void> {
    await this.db.$executeRaw`DELETE FROM notification_dedup WHERE expires_at < ${now}`;
  }

  /**
   * Deletes messages that finished (delivered, or given up) before `cutoff`, their attempts with them. A
   * pending message, and the outbox of events not yet routed, are never deleted here: nothing unsent is lost.
   */
  deleteFinishedDeliveriesBefore(cutoff: Date): Promise<number> {
    return deleteInChunks(
      (limit) => this.db.$executeRaw`
        DELETE FROM notification_deliveries WHERE id IN (
          SELECT id FROM notification_deliveries WHERE state <> 'pending' AND finished_at < ${cutoff} LIMIT ${limit})`,
    );
  }

  /** Pending deliveries and outbox rows (for metrics and tests of draining). */
  async backlog(): Promise<{ outbox: number; pending: number }> {
    const [row] = await this.db.$queryRaw<{ outbox: bigint; pending: bigint }[]>`
      SELECT (SELECT count(*) FROM notification_outbox) AS outbox, (SELECT count(*) FROM notification_deliveries WHERE state = 'pending') AS pending`;
    return { outbox: Number(row?.outbox ?? 0n), pending: Number(row?.pending ?? 0n) };
  }
}
