import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { HelmModule } from '../helm/helm.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { FleetRepository } from './fleet.repository.js';
import { FleetResolver } from './fleet.resolver.js';
import { FleetService } from './fleet.service.js';
import { RolloutRepository } from './rollout.repository.js';
import { RolloutResolver } from './rollout.resolver.js';
import { RolloutService } from './rollout.service.js';

/** The fleet dashboard's reads, aggregated in Postgres. */
@Module({
  imports: [AuthModule, KustomizationsModule, HelmModule],
  providers: [
    FleetRepository,
    FleetService,
    FleetResolver,
    RolloutRepository,
    RolloutService,
    RolloutResolver,
  ],
})
export class FleetModule {}
