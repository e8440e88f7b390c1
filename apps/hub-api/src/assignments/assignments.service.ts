import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { assignmentSchema, type Assignment } from '@flotilla/protocol';
import { AgentGateway, type AgentContext } from '../agents/agent.gateway.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { MetricsService } from '../health/metrics.service.js';
import { computeAssignment } from './assignment-document.js';
import { AssignmentsRepository } from './assignments.repository.js';

interface PendingRecompute {
  all: boolean;
  ids: Set<string>;
  done: Promise<void>;
}

/**
 * Keeps every cluster's assignment up to date and pushes changes to connected agents. All work runs in one
 * in-process queue, so pushes leave in generation order and a reconcile request follows the assignment push it
 * depends on; recompute requests that pile up while one runs are merged into the next run.
 *
 * Several replicas: the change is computed where the event happened (HubEvents are in-process) and stored with
 * a row lock; the push goes to the cluster's socket.io room, which reaches the replica holding the socket once
 * the socket.io Postgres adapter is installed. Until then an agent on another replica gets it on its next hello.
 */
@Injectable()
export class AssignmentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Promise<void> = Promise.resolve();
  private pending: PendingRecompute | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly repo: AssignmentsRepository,
    private readonly gateway: AgentGateway,
    private readonly events: HubEvents,
    private readonly metrics: MetricsService,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const all = (): void => void this.recompute().catch((err: unknown) => this.log.error('assignment recompute failed', { error: String(err) }));
    this.unsubscribe.push(
      this.events.on('source.artifactChanged', all),
      this.events.on('kustomization.changed', all),
      this.events.on('cluster.placementChanged', ({ clusterId }) =>
        void this.recompute([clusterId]).catch((err: unknown) => this.log.error('assignment recompute failed', { clusterId, error: String(err) })),
      ),
    );
    this.gateway.onAgentReady((ctx) => this.onAgentReady(ctx));
    this.gateway.handle('assignment.ack', async (ctx, { generation }) => {
      if (!(await this.repo.ack(ctx.clusterId, generation))) {
        this.log.warn('agent acknowledged an assignment generation the hub never sent', { clusterId: ctx.clusterId, generation });
      }
    });
  }

  onApplicationShutdown(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Runs `fn` after everything queued before it. */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Recomputes the given clusters (all when omitted) and pushes changed assignments. */
  recompute(clusterIds?: readonly string[]): Promise<void> {
    let p = this.pending;
    if (!p) {
      const created: PendingRecompute = { all: false, ids: new Set(), done: Promise.resolve() };
      created.done = this.enqueue(async () => {
        if (this.pending === created) this.pending = undefined;
        await this.run(created.all ? undefined : [...created.ids], true);
      });
      this.pending = p = created;
    }
    if (clusterIds === undefined) p.all = true;
    else for (const id of clusterIds) p.ids.add(id);
    return p.done;
  }

  /** The current assignment of a cluster, recomputed first. */
  async currentFor(clusterId: string): Promise<Assignment | undefined> {
    return this.enqueue(async () => {
      await this.run([clusterId], false);
      return this.repo.current(clusterId);
    });
  }

  private async onAgentReady(ctx: AgentContext): Promise<void> {
    if (ctx.version < 2) return; // v1 agents connect, they just get no assignment
    await this.enqueue(async () => {
      // Recompute first: the cluster may be new, or an event may have been handled by a replica that crashed.
      await this.run([ctx.clusterId], false);
      const document = await this.repo.current(ctx.clusterId);
      if (document) ctx.reply('assignment', document);
    });
  }

  private async run(clusterIds: readonly string[] | undefined, push: boolean): Promise<void> {
    if (clusterIds !== undefined && clusterIds.length === 0) return;
    const [clusters, kustomizations, sources] = await Promise.all([this.repo.clusters(clusterIds), this.repo.kustomizations(), this.repo.sources()]);
    const skippedLogged = new Set<string>();
    const computed = [];
    for (const cluster of clusters) {
      const { body, skipped } = computeAssignment(cluster, kustomizations, sources);
      for (const s of skipped) {
        const k = `${s.namespace}/${s.name}`;
        if (skippedLogged.has(k)) continue;
        skippedLogged.add(k);
        this.log.error('stored Kustomization spec is not a valid assignment; left out', { kustomization: k, reason: s.reason.slice(0, 500) });
      }
      const check = assignmentSchema.safeParse({ generation: 1, ...body });
      if (!check.success) {
        this.log.error('computed assignment does not match the protocol; not stored', { clusterId: cluster.id, reason: check.error.message.slice(0, 500) });
        continue;
      }
      computed.push({ clusterId: cluster.id, body });
    }
    const changed = await this.repo.storeIfChanged(computed);
    for (const { clusterId, document } of changed) {
      this.log.info('assignment changed', { clusterId, generation: document.generation, kustomizations: document.kustomizations.length, sources: document.sources.length });
      this.metrics.assignmentsChanged.inc();
      if (push && this.gateway.sendToCluster(clusterId, 'assignment', document)) this.metrics.assignmentsPushed.inc();
    }
  }
}
