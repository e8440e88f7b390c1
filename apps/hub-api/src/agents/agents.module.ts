import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { AgentGateway } from './agent.gateway.js';
import { AgentPresenceRepository } from './agent-presence.repository.js';
import { RegistrationController } from './registration.controller.js';
import { RegistrationService } from './registration.service.js';

@Module({
  imports: [ClustersModule],
  controllers: [RegistrationController],
  providers: [RegistrationService, AgentGateway, AgentPresenceRepository],
  exports: [AgentGateway, RegistrationService],
})
export class AgentsModule {}
