import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';
import { ArtifactGc } from './artifact-gc.service.js';
import { ArtifactsRepository } from './artifacts.repository.js';
import { GitRepositoriesRepository } from './git-repositories.repository.js';
import { GitRepositoriesResolver } from './git-repositories.resolver.js';
import { GitRepositoriesService } from './git-repositories.service.js';
import { GitRevisionFetch } from './git-revision-fetch.js';
import { SourceMetrics } from './source-metrics.js';
import { SourceReconciler } from './source-reconciler.js';
import { SourceScheduler } from './source-scheduler.js';
import { SourceUsageRepository } from './source-usage.repository.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY, sourcesProviders } from './sources.providers.js';

/**
 * GitRepositories: CRUD, the fetch scheduler, artifacts and their GC. Exports ARTIFACT_STORE (for
 * `GET /artifacts/:digest`), the repositories and the service (for Kustomizations and assignments), and the
 * fetch of another revision that previews use.
 */
@Module({
  imports: [AuthModule],
  providers: [
    ...sourcesProviders,
    GitRepositoriesRepository,
    ArtifactsRepository,
    SourceUsageRepository,
    SourceMetrics,
    SourceReconciler,
    SourceScheduler,
    ArtifactGc,
    GitRepositoriesService,
    GitRepositoriesResolver,
    ManagedByGit,
    GitRevisionFetch,
  ],
  exports: [ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY, GitRepositoriesRepository, ArtifactsRepository, GitRepositoriesService, SourceScheduler, SourceReconciler, ArtifactGc, ManagedByGit, GitRevisionFetch],
})
export class SourcesModule {}
