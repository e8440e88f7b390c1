import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventsBatch, InventoryBatch, StatusBatch } from '@flotilla/protocol';
import { AgentGateway, type AgentContext } from '../agents/agent.gateway.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { MetricsService } from '../health/metrics.service.js';
import { eventRows, inventoryRows, statusRows } from './report-rows.js';
import { ReportBatchesRepository, type ReportBatch } from './report-batches.repository.js';

/**
 * status / inventory / events batches from v2 agents → Postgres, exactly once per seq, then `batch.ack {seq}`
 * with the highest persisted seq. The gateway validated each batch (parseMessage) and hands them over one at a
 * time per connection, in arrival order. After each hello the hub sends `batch.ack` with the stored seq, so an
 * agent learns what survived (its own restart, a lost ack, a hub restart) before it resends.
 */
@Injectable()
export class IngestionService implements OnApplicationBootstrap {
  constructor(
    private readonly repo: ReportBatchesRepository,
    private readonly gateway: AgentGateway,
    private readonly events: HubEvents,
    private readonly metrics: MetricsService,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.gateway.handle('status', (ctx, m: StatusBatch) => this.ingest(ctx, m.seq, { kind: 'status', rows: statusRows(m.items) }));
    this.gateway.handle('inventory', (ctx, m: InventoryBatch) => this.ingest(ctx, m.seq, { kind: 'inventory', rows: inventoryRows(m.items) }));
    this.gateway.handle('events', (ctx, m: EventsBatch) => this.ingest(ctx, m.seq, { kind: 'events', rows: eventRows(m.items) }));
    this.gateway.onAgentReady(async (ctx) => {
      if (ctx.version < 2) return;
      ctx.reply('batch.ack', { seq: await this.repo.lastSeq(ctx.clusterId) });
    });
  }

  async ingest(ctx: AgentContext, seq: number, batch: ReportBatch): Promise<void> {
    let result;
    try {
      result = await this.repo.persist(ctx.clusterId, seq, batch);
    } catch (err) {
      // Not acknowledged: the agent keeps the batch and resends it on its next connection.
      this.metrics.agentMessageErrors.inc({ reason: 'PERSIST_FAILED' });
      this.metrics.reportBatches.inc({ type: batch.kind, outcome: 'failed' });
      this.log.error('could not persist agent report batch', { clusterId: ctx.clusterId, kind: batch.kind, seq, error: String(err).slice(0, 500) });
      return;
    }
    this.metrics.reportBatches.inc({ type: batch.kind, outcome: result.outcome });
    if (result.outcome === 'gap') {
      ctx.reject('BATCH_SEQUENCE_GAP', batch.kind, `batch seq ${seq} skips ahead; the hub has everything up to ${result.lastSeq}, resend from ${result.lastSeq + 1}`);
      ctx.reply('batch.ack', { seq: result.lastSeq });
      return;
    }
    ctx.reply('batch.ack', { seq: result.lastSeq });
    if (result.outcome === 'duplicate') {
      this.log.debug('agent report batch already persisted; acknowledged again', { clusterId: ctx.clusterId, kind: batch.kind, seq });
      return;
    }
    if (batch.kind === 'events') this.events.emit('cluster.events', { clusterId: ctx.clusterId });
    for (const id of new Set(result.kustomizationIds)) this.events.emit('kustomization.status', { kustomizationId: id, clusterId: ctx.clusterId });
  }
}
