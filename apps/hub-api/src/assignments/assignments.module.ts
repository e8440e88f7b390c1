import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { ArtifactDownloadController } from './artifact-download.controller.js';
import { artifactStoreProvider } from './artifact-store.token.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';
import { ReconcileFanoutService } from './reconcile-fanout.service.js';

/** Per-cluster assignments, their push to agents, reconcile fan-out and the agents' artifact downloads. */
@Module({
  imports: [AgentsModule],
  controllers: [ArtifactDownloadController],
  providers: [AssignmentsRepository, AssignmentsService, ReconcileFanoutService, artifactStoreProvider],
  exports: [AssignmentsService, AssignmentsRepository],
})
export class AssignmentsModule {}
