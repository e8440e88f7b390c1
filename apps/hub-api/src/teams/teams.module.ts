import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TeamsRepository } from './teams.repository.js';
import { TeamsResolver } from './teams.resolver.js';
import { TeamsService } from './teams.service.js';

@Module({
  imports: [AuthModule],
  providers: [TeamsRepository, TeamsService, TeamsResolver],
})
export class TeamsModule {}
