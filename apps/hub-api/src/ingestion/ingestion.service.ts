import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventsBatch, InventoryBatch, StatusBatch } from '@flotilla/protocol';
import { AgentGateway, type AgentContext } from '../agents/agent.gateway.js';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { DEFAULT_CLUSTER_OBJECT_LIMIT, HUB_CONFIG, ingestionBatching, type HubConfig } from '../config.js';
import { JsonLogger } from '../common/logger.js';
import { MetricsService } from '../health/metrics.service.js';
import { eventRows, inventoryRows, statusRows } from './report-rows.js';
import { Coalescer } from '../common/coalescer.js';
import type { RefusalCode, RefusedItem, ReportBatch } from './report-admission.js';
import { ReportBatchesRepository, type AgentBatch, type PersistResult, type SkipResult } from './report-batches.repository.js';
import { unstorableReason } from './storage-error.js';

const REFUSAL_TEXT: Record<RefusalCode, (limit: number) => string> = {
  OBJECT_NOT_ASSIGNED: () => 'report on objects the hub did not place on this cluster',
  OBJECT_ORIGIN_CONFLICT: () => 'claim origin cluster for objects the hub placed on this cluster',
  OBJECT_LIMIT_EXCEEDED: (limit) => `report on Flux objects beyond the ${limit} the hub keeps per cluster`,
};

/** How long an agent waits before resending a batch the hub could not store for a reason of its own. */
const RETRY_AFTER_STORE_FAILURE_MS = 5_000;

/** A batch's fate in a shared transaction: its result, or the error that kept it from being stored. */
type Settled = { ok: true; result: PersistResult } | { ok: false; error: unknown };

/**
 * status / inventory / events batches from v2 agents → Postgres, exactly once per seq, then `batch.ack {seq}`
 * with the highest persisted seq of the agent's credential. The gateway validated and rate-limited each batch
 * and hands them over one at a time per connection, in arrival order. After each hello the hub sends
 * `batch.ack` with the stored seq, so an agent learns what survived (its own restart, a lost ack, a hub restart)
 * before it resends. Every batch is answered: written, duplicate, gap, skipped as unstorable, or not stored now
 * (retry later); none is left unanswered to block the agent's sequence.
 *
 * Batches of many agents are written together: those arriving within a few milliseconds, or while earlier
 * transactions run, share one transaction (`Coalescer`, at most one batch per cluster each), and each is
 * answered only after that transaction committed. If Postgres refuses one batch's data for good, the shared
 * transaction is rolled back and each of its batches is written alone, so only that one is skipped.
 */
@Injectable()
export class IngestionService implements OnApplicationBootstrap {
  private readonly clusterObjectLimit: number;
  private readonly writes: Coalescer<AgentBatch, Settled>;

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    private readonly repo: ReportBatchesRepository,
    private readonly gateway: AgentGateway,
    private readonly events: HubEvents,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly log: JsonLogger,
  ) {
    this.clusterObjectLimit = config.ingestion?.clusterObjectLimit ?? DEFAULT_CLUSTER_OBJECT_LIMIT;
    this.writes = new Coalescer({ ...ingestionBatching(config), key: (b) => b.clusterId, flush: (batches) => this.persist(batches) });
  }

  onApplicationBootstrap(): void {
    this.gateway.handle('status', (ctx, m: StatusBatch) => this.ingest(ctx, m.seq, { kind: 'status', rows: statusRows(m.items), ...(m.snapshot ? { snapshot: m.snapshot } : {}) }));
    this.gateway.handle('inventory', (ctx, m: InventoryBatch) => this.ingest(ctx, m.seq, { kind: 'inventory', rows: inventoryRows(m.items) }));
    this.gateway.handle('events', (ctx, m: EventsBatch) => this.ingest(ctx, m.seq, { kind: 'events', rows: eventRows(m.items) }));
    this.gateway.onAgentReady(async (ctx) => {
      if (ctx.version < 2) return;
      ctx.reply('batch.ack', { seq: await this.repo.openSequence(ctx.credentialId) });
    });
  }

  /**
   * Writes batches of different agents in one transaction. When Postgres refuses the data of one of them for
   * good, the transaction is rolled back and each batch tried alone, so the others are stored and only that one
   * is skipped; any other failure fails them all (none acknowledged, each agent sends again).
   */
  private async persist(batches: AgentBatch[]): Promise<Settled[]> {
    try {
      const results = await this.repo.persistMany(batches, this.clusterObjectLimit);
      this.metrics.reportTransactionBatches.observe(batches.length);
      return results.map((result) => ({ ok: true, result }));
    } catch (err) {
      if (batches.length === 1 || unstorableReason(err) === undefined) throw err;
      const alone: Settled[] = [];
      for (const b of batches) {
        alone.push(await this.persist([b]).then(([s]) => s!, (error: unknown) => ({ ok: false as const, error })));
      }
      return alone;
    }
  }

  async ingest(ctx: AgentContext, seq: number, batch: ReportBatch): Promise<void> {
    const settled = await this.writes.submit({ clusterId: ctx.clusterId, credentialId: ctx.credentialId, seq, batch }).catch((error: unknown): Settled => ({ ok: false, error }));
    if (!settled.ok) {
      const reason = unstorableReason(settled.error);
      if (reason === undefined) return this.notStored(ctx, seq, batch.kind, settled.error);
      return this.skip(ctx, seq, batch.kind, reason);
    }
    const result = settled.result;
    this.metrics.reportBatches.inc({ type: batch.kind, outcome: result.outcome });
    switch (result.outcome) {
      case 'revoked':
        this.log.warn('report batch on a revoked credential; dropping the connection', { clusterId: ctx.clusterId, kind: batch.kind, seq });
        return ctx.revoked();
      case 'gap':
        ctx.reject('BATCH_SEQUENCE_GAP', batch.kind, `batch seq ${seq} skips ahead; the hub has everything up to ${result.lastSeq}, resend from ${result.lastSeq + 1}`, { seq });
        return ctx.reply('batch.ack', { seq: result.lastSeq });
      case 'duplicate':
        this.log.debug('agent report batch already persisted; acknowledged again', { clusterId: ctx.clusterId, kind: batch.kind, seq });
        return ctx.reply('batch.ack', { seq: result.lastSeq });
      case 'written':
        this.reportRefused(ctx, seq, batch.kind, result.refused);
        ctx.reply('batch.ack', { seq: result.lastSeq });
        if (result.eventsWritten > 0) this.events.emit('cluster.events', { clusterId: ctx.clusterId });
        for (const id of new Set(result.kustomizationIds)) this.events.emit('kustomization.status', { kustomizationId: id, clusterId: ctx.clusterId });
        if (result.objectsChanged) this.events.emit('fluxObjects.changed', { clusterId: ctx.clusterId });
        return;
    }
  }

  /** One `protocol.error` per refusal code, naming a few of the items; every refused item is counted. */
  private reportRefused(ctx: AgentContext, seq: number, type: ReportBatch['kind'], refused: RefusedItem[]): void {
    const byCode = new Map<RefusalCode, RefusedItem[]>();
    for (const r of refused) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
    for (const [code, items] of byCode) {
      this.metrics.reportItemsRefused.inc({ type, code }, items.length);
      const named = items.slice(0, 5).map((r) => `${r.kind} ${r.namespace ?? ''}/${r.name}`);
      const more = items.length > named.length ? ` and ${items.length - named.length} more` : '';
      ctx.reject(code, type, `${items.length} item(s) of batch ${seq} ${REFUSAL_TEXT[code](this.clusterObjectLimit)} and were dropped: ${named.join(', ')}${more}`, { seq });
    }
  }

  /**
   * Postgres refused the batch's data for good: its seq is consumed without it and the rejection stored as an
   * error event of the cluster, so the agent's later batches go on and people see what was lost.
   */
  private async skip(ctx: AgentContext, seq: number, kind: ReportBatch['kind'], reason: string): Promise<void> {
    let result: SkipResult;
    try {
      result = await this.repo.skip(ctx.clusterId, ctx.credentialId, seq, kind, reason, this.clock.now());
    } catch (err) {
      return this.notStored(ctx, seq, kind, err);
    }
    if (result.outcome !== 'skipped') {
      // Another delivery of this seq (another replica) settled it meanwhile; answer as for that.
      this.metrics.reportBatches.inc({ type: kind, outcome: result.outcome });
      if (result.outcome === 'revoked') return ctx.revoked();
      return ctx.reply('batch.ack', { seq: result.lastSeq });
    }
    this.metrics.reportBatches.inc({ type: kind, outcome: 'rejected' });
    this.log.warn('agent report batch cannot be stored; skipped', { clusterId: ctx.clusterId, kind, seq, reason });
    ctx.reject('BATCH_REJECTED', kind, `the hub cannot store batch ${seq} and skipped it: ${reason}`, { seq });
    ctx.reply('batch.ack', { seq: result.lastSeq });
    this.events.emit('cluster.events', { clusterId: ctx.clusterId });
  }

  /** The hub could not store the batch now: not acknowledged, so the agent keeps it and sends it again later. */
  private notStored(ctx: AgentContext, seq: number, kind: ReportBatch['kind'], err: unknown): void {
    this.metrics.agentMessageErrors.inc({ reason: 'PERSIST_FAILED' });
    this.metrics.reportBatches.inc({ type: kind, outcome: 'failed' });
    this.log.error('could not persist agent report batch', { clusterId: ctx.clusterId, kind, seq, error: String(err).slice(0, 500) });
    ctx.reject('BATCH_NOT_STORED', kind, `the hub could not store batch ${seq} now; send it again later`, { seq, retryAfterMs: RETRY_AFTER_STORE_FAILURE_MS });
  }
}
