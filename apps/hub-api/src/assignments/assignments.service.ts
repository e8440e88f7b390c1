import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { assignmentSchema } from '@flotilla/protocol';
import { AgentGateway, type AgentContext } from '../agents/agent.gateway.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { MetricsService } from '../health/metrics.service.js';
import { computeAssignment, type AssignmentCluster } from './assignment-document.js';
import { AssignmentsRepository, STORE_CHUNK } from './assignments.repository.js';
import { Coalescer } from '../common/coalescer.js';
import type { Assignment } from '@flotilla/protocol';

/**
 * Acks and the reads after hellos arrive from every agent at once after a change or a hub restart: gathered into
 * one statement per flush rather than one per agent, so they neither fill the pool nor delay the next change.
 */
const PER_AGENT_BATCHING = { windowMs: 5, maxItems: 1_000, concurrency: 2 };

/** Chunks of a recompute being stored at once (each holds a pool connection; 3 of the hub's 10). */
const CHUNKS_STORED_AT_ONCE = 3;

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
 * a row lock; the push goes to the cluster's socket.io room, which reaches the replica holding the socket when
 * the replicas are linked (the socket.io Postgres adapter). Every replica also catches up on its own: each
 * heartbeat interval it compares the stored generation of the clusters it holds with what it sent and what the
 * agent acknowledged, and sends the newer document (so unlinked replicas deliver a change made elsewhere within
 * one heartbeat interval; linked, it arrives at once and the catch-up finds it acknowledged).
 */
@Injectable()
export class AssignmentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Promise<void> = Promise.resolve();
  private pending: PendingRecompute | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  /** The generation this process last sent to each cluster's current connection. */
  private readonly sent = new Map<string, number>();
  private catchUpTimer: NodeJS.Timeout | undefined;
  private readonly acks: Coalescer<{ clusterId: string; generation: number }, boolean>;
  private readonly reads: Coalescer<string, Assignment | undefined>;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly repo: AssignmentsRepository,
    private readonly gateway: AgentGateway,
    private readonly events: HubEvents,
    private readonly metrics: MetricsService,
    private readonly log: JsonLogger,
  ) {
    this.acks = new Coalescer({ ...PER_AGENT_BATCHING, key: (a) => a.clusterId, flush: (acks) => this.repo.ack(acks) });
    this.reads = new Coalescer({
      ...PER_AGENT_BATCHING,
      key: (clusterId) => clusterId,
      flush: async (ids) => {
        const documents = await this.repo.current(ids);
        return ids.map((id) => documents.get(id));
      },
    });
  }

  onApplicationBootstrap(): void {
    const all = (): void => void this.recompute().catch((err: unknown) => this.log.error('assignment recompute failed', { error: String(err) }));
    this.unsubscribe.push(
      this.events.on('source.artifactChanged', all),
      this.events.on('kustomization.changed', all),
      this.events.on('helmRelease.changed', all),
      this.events.on('cluster.placementChanged', ({ clusterId }) =>
        void this.recompute([clusterId]).catch((err: unknown) => this.log.error('assignment recompute failed', { clusterId, error: String(err) })),
      ),
    );
    this.gateway.onAgentReady((ctx) => this.onAgentReady(ctx));
    this.catchUpTimer = setInterval(() => {
      this.catchUp().catch((err: unknown) => this.log.error('assignment catch-up failed', { error: String(err) }));
    }, Math.max(100, this.config.agents.heartbeatIntervalMs));
    this.catchUpTimer.unref();
    this.gateway.handle('assignment.ack', async (ctx, { generation }) => {
      if (!(await this.acks.submit({ clusterId: ctx.clusterId, generation }))) {
        this.log.warn('agent acknowledged an assignment generation the hub never sent', { clusterId: ctx.clusterId, generation });
      }
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.catchUpTimer);
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
        await this.run(created.all ? undefined : [...created.ids]);
      });
      this.pending = p = created;
    }
    if (clusterIds === undefined) p.all = true;
    else for (const id of clusterIds) p.ids.add(id);
    return p.done;
  }

  /**
   * After a hello: send the stored assignment at once (the reads of agents saying hello together are one query,
   * so thousands of agents reconnecting after a hub restart cost a few reads), then recompute this cluster in the next merged run, in case an event was
   * missed (a replica died between its write and its event). A new cluster without a stored document waits for
   * that run, whose push reaches it through its room. `sent` guards the order: a push of a newer generation
   * that overtook the read wins, the older document is not sent after it.
   */
  private async onAgentReady(ctx: AgentContext): Promise<void> {
    if (ctx.version < 2) return; // v1 agents connect, they just get no assignment
    this.sent.delete(ctx.clusterId);
    const recomputed = this.recompute([ctx.clusterId]);
    const document = await this.reads.submit(ctx.clusterId);
    if (!document) {
      await recomputed;
      return;
    }
    if (document.generation <= (this.sent.get(ctx.clusterId) ?? 0)) return;
    ctx.reply('assignment', document);
    this.sent.set(ctx.clusterId, document.generation);
    recomputed.catch((err: unknown) => this.log.error('assignment recompute failed', { clusterId: ctx.clusterId, error: String(err) }));
  }

  /** Sends stored generations newer than what this process sent and the agent acknowledged (changes made elsewhere). */
  async catchUp(): Promise<void> {
    const unacknowledged = await this.repo.unacknowledged();
    if (unacknowledged.length === 0) return;
    const here = new Set(this.gateway.connectedHere(2));
    const stale = unacknowledged.filter((r) => here.has(r.clusterId) && r.generation > (this.sent.get(r.clusterId) ?? 0)).map((r) => r.clusterId);
    if (stale.length === 0) return;
    // One read for all of them, queued like a push so it cannot overtake a newer one; what a push sent
    // meanwhile is not sent again.
    await this.enqueue(async () => {
      for (const [clusterId, document] of await this.repo.current(stale)) {
        if (document.generation <= (this.sent.get(clusterId) ?? 0)) continue;
        if (this.gateway.sendToCluster(clusterId, 'assignment', document)) {
          this.sent.set(clusterId, document.generation);
          this.log.info('assignment caught up (changed on another hub replica)', { clusterId, generation: document.generation });
        }
      }
    });
  }

  private async run(clusterIds: readonly string[] | undefined): Promise<void> {
    if (clusterIds !== undefined && clusterIds.length === 0) return;
    const [clusters, kustomizations, sources, helmReleases] = await Promise.all([this.repo.clusters(clusterIds), this.repo.kustomizations(), this.repo.sources(), this.repo.helmReleases()]);
    const skippedLogged = new Set<string>();
    const compute = (chunk: readonly AssignmentCluster[]) => {
      const computed = [];
      for (const cluster of chunk) {
        const { body, skipped } = computeAssignment(cluster, kustomizations, sources, helmReleases);
        for (const s of skipped) {
          const k = `${s.namespace}/${s.name}`;
          if (skippedLogged.has(k)) continue;
          skippedLogged.add(k);
          this.log.error('stored Kustomization or HelmRelease is not a valid assignment; left out', { object: k, reason: s.reason.slice(0, 500) });
        }
        const check = assignmentSchema.safeParse({ generation: 1, ...body });
        if (!check.success) {
          this.log.error('computed assignment does not match the protocol; not stored', { clusterId: cluster.id, reason: check.error.message.slice(0, 500) });
          continue;
        }
        computed.push({ clusterId: cluster.id, body });
      }
      return computed;
    };
    let changed = 0;
    let pushed = 0;
    let last: { clusterId: string; document: Assignment } | undefined;
    const push = (stored: { clusterId: string; document: Assignment }[]) => {
      for (const { clusterId, document } of stored) {
        this.log.debug('assignment changed', { clusterId, generation: document.generation, kustomizations: document.kustomizations.length, sources: document.sources.length });
        this.metrics.assignmentsChanged.inc();
        changed++;
        last = { clusterId, document };
        if (this.gateway.sendToCluster(clusterId, 'assignment', document)) {
          this.sent.set(clusterId, document.generation);
          this.metrics.assignmentsPushed.inc();
          pushed++;
        }
      }
    };
    // A chunk is pushed as soon as it is stored, and the next ones are computed and stored while it is: on a
    // change that touches every cluster, the first agents have it while later chunks are still written. Chunks
    // hold different clusters, so two stored at once cannot reorder one cluster's generations; the run as a
    // whole still ends before the next queued one starts.
    const storing = new Set<Promise<void>>();
    for (let i = 0; i < clusters.length; i += STORE_CHUNK) {
      const computed = compute(clusters.slice(i, i + STORE_CHUNK));
      if (storing.size >= CHUNKS_STORED_AT_ONCE) await Promise.race(storing);
      const stored: Promise<void> = this.repo.storeIfChanged(computed).then(push).finally(() => storing.delete(stored));
      storing.add(stored);
    }
    await Promise.all(storing);
    // One line per recompute, not one per cluster: a change that touches 10,000 clusters wrote 10,000 lines.
    if (changed === 1 && last) {
      const { clusterId, document } = last;
      this.log.info('assignment changed', { clusterId, generation: document.generation, kustomizations: document.kustomizations.length, sources: document.sources.length, pushedHere: pushed === 1 });
    } else if (changed > 1) {
      this.log.info('assignments changed', { clusters: changed, pushedHere: pushed });
    }
  }
}
