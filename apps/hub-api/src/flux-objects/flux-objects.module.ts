import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { HelmModule } from '../helm/helm.module.js';
import { ImagesModule } from '../images/images.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { ClusterObjectCommands } from './cluster-object-commands.js';
import { DefinitionOperationsResolver } from './definition-operations.resolver.js';
import { FluxKindRegistry } from './flux-kind-registry.js';
import { FluxObjectsRepository } from './flux-objects.repository.js';
import { FluxObjectsResolver } from './flux-objects.resolver.js';
import { FluxObjectsService } from './flux-objects.service.js';
import { LiveObjectsService } from './live-objects.service.js';
import { ObjectReadRequests } from './object-read-requests.js';

/** Every Flux object of every cluster (read side of what ingestion stores) and the kind registry that acts on them. */
@Module({
  imports: [AuthModule, AgentsModule, KustomizationsModule, SourcesModule, HelmModule, OciSourcesModule, ImagesModule, NotificationsModule],
  providers: [FluxObjectsRepository, FluxObjectsService, FluxObjectsResolver, DefinitionOperationsResolver, FluxKindRegistry, ClusterObjectCommands, ObjectReadRequests, LiveObjectsService],
})
export class FluxObjectsModule {}
