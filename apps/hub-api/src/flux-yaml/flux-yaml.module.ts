import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { HelmModule } from '../helm/helm.module.js';
import { ImagesModule } from '../images/images.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { FluxYamlResolver } from './flux-yaml.resolver.js';
import { FluxYamlService } from './flux-yaml.service.js';

@Module({
  imports: [AuthModule, SourcesModule, KustomizationsModule, OciSourcesModule, HelmModule, ImagesModule, NotificationsModule],
  providers: [FluxYamlService, FluxYamlResolver],
  exports: [FluxYamlService],
})
export class FluxYamlModule {}
