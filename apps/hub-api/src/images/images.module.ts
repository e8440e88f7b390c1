import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { ImagePoliciesRepository } from './image-policies.repository.js';
import { ImagePoliciesResolver } from './image-policies.resolver.js';
import { ImagePoliciesService } from './image-policies.service.js';
import { ImageRegistryAccess } from './image-registry-access.js';
import { ImageRepositoriesRepository } from './image-repositories.repository.js';
import { ImageRepositoriesResolver } from './image-repositories.resolver.js';
import { ImageRepositoriesService } from './image-repositories.service.js';
import { ImageScanScheduler } from './image-scan-scheduler.js';
import { ImageScanner } from './image-scanner.js';
import { ImageUpdateAutomationsRepository } from './image-update-automations.repository.js';
import { ImageUpdateAutomationsResolver } from './image-update-automations.resolver.js';
import { ImageUpdateAutomationsService } from './image-update-automations.service.js';

/** ImageRepositories scanned by the hub, the ImagePolicies that choose among their tags, and the automations that write the choices to git. */
@Module({
  imports: [AuthModule, SourcesModule, ProposalsModule],
  providers: [
    ImageRegistryAccess,
    ImageRepositoriesRepository,
    ImageScanner,
    ImageScanScheduler,
    ImageRepositoriesService,
    ImageRepositoriesResolver,
    ImagePoliciesRepository,
    ImagePoliciesService,
    ImagePoliciesResolver,
    ImageUpdateAutomationsRepository,
    ImageUpdateAutomationsService,
    ImageUpdateAutomationsResolver,
  ],
  exports: [ImagePoliciesService, ImageRepositoriesService, ImageUpdateAutomationsService, ImageRepositoriesRepository, ImageScanScheduler],
})
export class ImagesModule {}
