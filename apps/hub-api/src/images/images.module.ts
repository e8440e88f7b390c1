import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
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

/** ImageRepositories scanned by the hub and the ImagePolicies that choose among their tags. */
@Module({
  imports: [AuthModule, SourcesModule],
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
  ],
  exports: [ImagePoliciesService],
})
export class ImagesModule {}
