import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { FleetRepository } from './fleet.repository.js';
import { FleetResolver } from './fleet.resolver.js';
import { FleetService } from './fleet.service.js';

/** The fleet dashboard's reads, aggregated in Postgres. */
@Module({
  imports: [AuthModule],
  providers: [FleetRepository, FleetService, FleetResolver],
})
export class FleetModule {}
