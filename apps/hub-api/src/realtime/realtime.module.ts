import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { HelmModule } from '../helm/helm.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { UiGateway } from './ui.gateway.js';

@Module({ imports: [AuthModule, HelmModule, KustomizationsModule, SourcesModule], providers: [UiGateway] })
export class RealtimeModule {}
