import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ClustersRepository } from './clusters.repository.js';
import { ClustersResolver } from './clusters.resolver.js';
import { ClustersService } from './clusters.service.js';
import { CredentialsRepository } from './credentials.repository.js';
import { RegistrationTokensRepository } from './registration-tokens.repository.js';

@Module({
  imports: [AuthModule],
  providers: [ClustersResolver, ClustersService, ClustersRepository, CredentialsRepository, RegistrationTokensRepository],
  exports: [ClustersRepository, CredentialsRepository, RegistrationTokensRepository],
})
export class ClustersModule {}
