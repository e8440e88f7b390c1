import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { FluxYamlResolver } from './flux-yaml.resolver.js';
import { FluxYamlService } from './flux-yaml.service.js';

@Module({
  imports: [AuthModule, SourcesModule, KustomizationsModule],
  providers: [FluxYamlService, FluxYamlResolver],
})
export class FluxYamlModule {}
