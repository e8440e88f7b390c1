import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { alertSpec, isGitProviderType, type FluxEvent } from '@flotilla/protocol/flux';
import { Clock } from '../../common/clock.js';
import { HubEvents } from '../../common/hub-events.js';
import { JsonLogger } from '../../common/logger.js';
import { KustomizationReportsRepository } from '../../kustomizations/kustomization-reports.repository.js';
import { specOf } from '../../kustomizations/kustomization.mapper.js';
import { KustomizationsRepository } from '../../kustomizations/kustomizations.repository.js';
import { GitRepositoriesRepository } from '../../sources/git-repositories.repository.js';
import { storedStatus } from '../../sources/git-repository.mapper.js';
import { commitState } from '../alerts/commit-state.js';
import { NotificationsRepository, type AlertRow } from '../notifications.repository.js';
import { COMMIT_STATE_KEY, commitOf } from '../payloads/commit-status.js';
import { NotificationDispatcher } from './notification-dispatcher.js';

/** A state already posted for a revision is not posted again for this long. */
const POSTED_TTL_MS = 7 * 24 * 60 * 60_000;

/** Alerts with a forge Provider whose event sources take this Kustomization (Flux: git providers + Alerts). */
function takesKustomization(a: AlertRow, namespace: string, name: string): boolean {
  if (!isGitProviderType(a.provider.type) || a.provider.suspend) return false;
  const spec = alertSpec.omit({ providerRef: true }).safeParse(a.spec);
  if (!spec.success || spec.data.suspend) return false;
  return spec.data.eventSources.some(
    (s) =>
      s.kind === 'Kustomization' &&
      (s.namespace ?? a.namespace) === namespace &&
      (s.name === '*' || s.name === name),
  );
}

/**
 * Posts a hub Kustomization's result per revision as the commit status `flotilla/<name>`, aggregated over the
 * clusters it targets. Re-evaluated whenever a cluster reports on the Kustomization; each state of a revision is
 * queued once (the claim in Postgres holds across replicas), and sent through the dispatcher with its retries.
 */
@Injectable()
export class CommitStatusService implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;
  /** One evaluation at a time per Kustomization, in arrival order. */
  private readonly chains = new Map<string, Promise<void>>();
  /**
   * Kustomizations with an evaluation queued that has not started yet. A report arriving meanwhile needs no
   * evaluation of its own: the queued one reads the statuses when it starts, this report's included. (When 500
   * clusters report on one Kustomization at once, that is a few evaluations instead of 500 queued reads.)
   */
  private readonly queued = new Set<string>();

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly kustomizations: KustomizationsRepository,
    private readonly reports: KustomizationReportsRepository,
    private readonly sources: GitRepositoriesRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly events: HubEvents,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.on('kustomization.status', ({ kustomizationId }) =>
      this.schedule(kustomizationId),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await Promise.allSettled(this.chains.values());
  }

  private schedule(kustomizationId: string): void {
    if (this.queued.has(kustomizationId)) return;
    this.queued.add(kustomizationId);
    const next = (this.chains.get(kustomizationId) ?? Promise.resolve())
      .then(async () => {
        this.queued.delete(kustomizationId);
        await this.evaluate(kustomizationId);
      })
      .catch((err: unknown) =>
        this.log.error('commit status evaluation failed', {
          kustomizationId,
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      .finally(() => {
        if (this.chains.get(kustomizationId) === next) this.chains.delete(kustomizationId);
      });
    this.chains.set(kustomizationId, next);
  }

  /** Returns how many commit statuses it queued. */
  async evaluate(kustomizationId: string): Promise<number> {
    const k = await this.kustomizations.findById(kustomizationId);
    if (!k) return 0;
    const alerts = (await this.repo.listAlerts()).filter((a) => takesKustomization(a, k.namespace, k.name));
    if (alerts.length === 0) return 0;
    const ref = specOf(k).sourceRef;
    if (ref.kind !== 'GitRepository') return 0;
    const source = await this.sources.findByName(ref.namespace ?? k.namespace, ref.name);
    const revision = source ? storedStatus(source).artifact?.revision : undefined;
    if (!revision || !commitOf(revision)) return 0;
    const [targeted, rows, clusters] = await Promise.all([
      this.reports.clustersPlacedOn(k.id, k.namespace, k.name),
      this.reports.statusesForKustomization(k.id),
      this.kustomizations.clusters(),
    ]);
    const names = new Map(clusters.map((c) => [c.id, c.name]));
    const results = targeted.map((id) => {
      const row = rows.find((r) => r.clusterId === id);
      return {
        name: names.get(id) ?? id,
        row: row
          ? {
              ready: row.ready,
              state: row.state,
              lastAppliedRevision: row.lastAppliedRevision,
              lastAttemptedRevision: row.lastAttemptedRevision,
            }
          : null,
      };
    });
    const { state, description } = commitState(revision, results);
    const now = this.clock.now();
    let queued = 0;
    for (const alert of alerts) {
      if (
        !(await this.repo.claimKey(
          `commit:${alert.id}:${k.id}:${revision}:${state}`,
          now,
          new Date(now.getTime() + POSTED_TTL_MS),
        ))
      )
        continue;
      const event: FluxEvent = {
        involvedObject: { kind: 'Kustomization', namespace: k.namespace, name: k.name },
        severity: state === 'failure' ? 'error' : 'info',
        timestamp: now.toISOString(),
        message: description,
        reason: {
          pending: 'Progressing',
          success: 'ReconciliationSucceeded',
          failure: 'ReconciliationFailed',
        }[state],
        metadata: { revision, [COMMIT_STATE_KEY]: state },
        reportingController: 'kustomize-controller',
        reportingInstance: 'flotilla-hub',
      };
      await this.repo.enqueueDirect(
        alert.providerId,
        alert.id,
        event as unknown as Prisma.InputJsonValue,
        now,
      );
      queued++;
    }
    if (queued > 0) this.dispatcher.poke();
    return queued;
  }
}
