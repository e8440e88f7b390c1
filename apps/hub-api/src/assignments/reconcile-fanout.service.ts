import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AgentGateway, type AgentContext } from '../agents/agent.gateway.js';
import { HubEvents, type HubEventMap } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';

/**
 * `requestReconcile` for a Kustomization → `reconcile {kind, namespace, name, requestedAt}` to every cluster whose
 * assignment holds it (or to the one cluster asked for, if it holds it). Runs in the assignments queue, after any
 * recompute requested before it: with `withSource`, the new artifact's assignment reaches the agent first, so the
 * agent reconciles the new revision (like `flux reconcile kustomization --with-source`).
 *
 * A request is sent to the agents connected at that moment; an agent that was away (or had not connected yet)
 * gets, when it says hello and after its assignment, each request it has not reported handling. Flux keeps the
 * request on the object (its annotation) for the same reason; the agent sets that annotation, so a request it
 * already has changes nothing.
 */
@Injectable()
export class ReconcileFanoutService implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly repo: AssignmentsRepository,
    private readonly assignments: AssignmentsService,
    private readonly gateway: AgentGateway,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.on('kustomization.reconcileRequested', (request) => {
      this.fanOut(request).catch((err: unknown) => this.log.error('reconcile fan-out failed', { kustomizationId: request.kustomizationId, error: String(err) }));
    });
    // Registered after the assignments' own listener (this provider comes after it in the module), and queued
    // behind the recompute that one starts: the agent holds the assignment placing the objects first.
    this.gateway.onAgentReady(async (ctx) => void (await this.resendUnhandled(ctx)));
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  /** Sends a connecting agent the reconcile requests it missed; returns how many. */
  resendUnhandled(ctx: AgentContext): Promise<number> {
    if (ctx.version < 2) return Promise.resolve(0);
    return this.assignments.enqueue(async () => {
      const owed = await this.repo.unhandledReconcileRequests(ctx.clusterId);
      for (const r of owed) ctx.reply('reconcile', { kind: 'Kustomization', namespace: r.namespace, name: r.name, requestedAt: r.requestedAt.toISOString() });
      if (owed.length > 0) this.log.info('reconcile requests resent to a connecting agent', { clusterId: ctx.clusterId, kustomizations: owed.length });
      return owed.length;
    });
  }

  /** Returns the clusters the request was sent to. */
  fanOut(request: HubEventMap['kustomization.reconcileRequested']): Promise<string[]> {
    return this.assignments.enqueue(async () => {
      const k = await this.repo.kustomizationName(request.kustomizationId);
      if (!k) return [];
      const holders = await this.repo.clustersWithKustomization(k.namespace, k.name);
      const targets = request.clusterId === undefined ? holders : holders.filter((id) => id === request.clusterId);
      for (const clusterId of targets) {
        this.gateway.sendToCluster(clusterId, 'reconcile', { kind: 'Kustomization', namespace: k.namespace, name: k.name, requestedAt: request.requestedAt });
      }
      this.log.info('reconcile requested', { kustomization: `${k.namespace}/${k.name}`, clusters: targets.length, requestedAt: request.requestedAt });
      return targets;
    });
  }
}
