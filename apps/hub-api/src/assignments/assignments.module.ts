import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { ArtifactDownloadController } from './artifact-download.controller.js';
import { AssignedKustomizationController } from './assigned-kustomization.controller.js';
import { AuthModule } from '../auth/auth.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';
import { KustomizationDiffRequests } from './kustomization-diff-requests.js';
import { ReconcileFanoutService } from './reconcile-fanout.service.js';

/**
 * Per-cluster assignments, their push to agents, reconcile fan-out, the agents' artifact downloads and a
 * cluster's assigned Kustomization for the CLI's build and diff.
 */
@Module({
  imports: [AgentsModule, SourcesModule, OciSourcesModule, AuthModule],
  controllers: [ArtifactDownloadController, AssignedKustomizationController],
  providers: [AssignmentsRepository, AssignmentsService, ReconcileFanoutService, KustomizationDiffRequests],
  exports: [AssignmentsService, AssignmentsRepository],
})
export class AssignmentsModule {}
