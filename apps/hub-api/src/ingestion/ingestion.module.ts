import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { EventRetentionService } from './event-retention.service.js';
import { IngestionService } from './ingestion.service.js';
import { ReportBatchesRepository } from './report-batches.repository.js';

/** Agents' status, inventory and events batches → Postgres, exactly once; event retention. */
@Module({
  imports: [AgentsModule],
  providers: [ReportBatchesRepository, IngestionService, EventRetentionService],
  exports: [EventRetentionService],
})
export class IngestionModule {}
