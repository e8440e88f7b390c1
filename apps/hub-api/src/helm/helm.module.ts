import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { ChartResolver } from './chart-resolver.js';
import { HelmChartInfoService } from './helm-chart-info.js';
import { HelmReleasesRepository } from './helm-releases.repository.js';
import { HelmReleasesService } from './helm-releases.service.js';
import { HelmRevisionDiffService } from './helm-revision-diff.service.js';
import { HelmRepositoriesRepository } from './helm-repositories.repository.js';
import { HelmRepositoriesService } from './helm-repositories.service.js';
import { HelmRepositoryReconciler } from './helm-repository-reconciler.js';
import { HelmSourceScheduler } from './helm-source-scheduler.js';
import { HelmReleasesResolver, HelmRepositoriesResolver } from './helm.resolver.js';

/** Hub HelmRepositories fetched once for the fleet, and hub HelmReleases placed by labels with per-cluster values. */
@Module({
  imports: [AuthModule, AgentsModule, SourcesModule, OciSourcesModule],
  providers: [
    HelmRepositoriesRepository,
    HelmReleasesRepository,
    ChartResolver,
    HelmChartInfoService,
    HelmRepositoryReconciler,
    HelmSourceScheduler,
    HelmRepositoriesService,
    HelmReleasesService,
    HelmRevisionDiffService,
    HelmRepositoriesResolver,
    HelmReleasesResolver,
  ],
  exports: [HelmReleasesRepository, HelmRepositoriesService, HelmReleasesService, HelmChartInfoService],
})
export class HelmModule {}
