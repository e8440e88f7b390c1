import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { OciRepositoriesRepository } from './oci-repositories.repository.js';
import { OciRepositoriesResolver } from './oci-repositories.resolver.js';
import { OciRepositoriesService } from './oci-repositories.service.js';
import { OciRepositoryReconciler } from './oci-repository-reconciler.js';
import { OciRevisionFetch } from './oci-revision-fetch.js';
import { OciSourceScheduler } from './oci-source-scheduler.js';

/** Hub OCIRepositories pulled once for the fleet; hub Kustomizations may name them as their source. */
@Module({
  imports: [AuthModule, SourcesModule],
  providers: [OciRepositoriesRepository, OciRepositoryReconciler, OciSourceScheduler, OciRepositoriesService, OciRepositoriesResolver, OciRevisionFetch],
  exports: [OciRepositoriesService, OciRepositoriesRepository, OciRevisionFetch],
})
export class OciSourcesModule {}
