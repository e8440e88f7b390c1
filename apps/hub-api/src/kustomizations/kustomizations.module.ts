import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { ClusterGitOpsResolver, GitRepositoryUsersResolver, KustomizationClusterStatusResolver, OciRepositoryUsersResolver } from './gitops-fields.resolver.js';
import { KustomizationReportsRepository } from './kustomization-reports.repository.js';
import { KustomizationsRepository } from './kustomizations.repository.js';
import { KustomizationsResolver } from './kustomizations.resolver.js';
import { KustomizationsService } from './kustomizations.service.js';

/** Kustomizations (CRUD, placement, reconcile requests) and the read side of what agents report. */
@Module({
  imports: [AuthModule, SourcesModule, OciSourcesModule],
  providers: [
    KustomizationsRepository,
    KustomizationReportsRepository,
    KustomizationsService,
    KustomizationsResolver,
    KustomizationClusterStatusResolver,
    ClusterGitOpsResolver,
    GitRepositoryUsersResolver,
    OciRepositoryUsersResolver,
  ],
  exports: [KustomizationsRepository, KustomizationReportsRepository, KustomizationsService],
})
export class KustomizationsModule {}
