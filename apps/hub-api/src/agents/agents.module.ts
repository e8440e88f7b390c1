import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { AgentGateway } from './agent.gateway.js';
import { RegistrationController } from './registration.controller.js';
import { RegistrationService } from './registration.service.js';

@Module({
  imports: [ClustersModule],
  controllers: [RegistrationController],
  providers: [RegistrationService, AgentGateway],
  exports: [AgentGateway, RegistrationService],
})
export class AgentsModule {}
