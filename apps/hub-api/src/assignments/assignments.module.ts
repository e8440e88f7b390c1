import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { ArtifactDownloadController } from './artifact-download.controller.js';
import { SourcesModule } from '../sources/sources.module.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';
import { ReconcileFanoutService } from './reconcile-fanout.service.js';

/** Per-cluster assignments, their push to agents, reconcile fan-out and the agents' artifact downloads. */
@Module({
  imports: [AgentsModule, SourcesModule],
  controllers: [ArtifactDownloadController],
  providers: [AssignmentsRepository, AssignmentsService, ReconcileFanoutService],
  exports: [AssignmentsService, AssignmentsRepository],
})
export class AssignmentsModule {}
