import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { FluxYamlModule } from '../flux-yaml/flux-yaml.module.js';
import { HelmModule } from '../helm/helm.module.js';
import { ImagesModule } from '../images/images.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OciSourcesModule } from '../oci-sources/oci-sources.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { FleetEditProposalsResolver } from './fleet-edit-proposals.resolver.js';
import { FleetEditProposals } from './fleet-edit-proposals.service.js';
import { SourcesModule } from '../sources/sources.module.js';
import { FleetSyncRepository } from './fleet-sync.repository.js';
import { FleetSyncResolver, GitRepositoryManagedByResolver, KustomizationManagedByResolver } from './fleet-sync.resolver.js';
import { FleetSyncScheduler } from './fleet-sync.scheduler.js';
import { FleetSyncService } from './fleet-sync.service.js';
import { MANAGED_BY_RESOLVERS } from './managed-by.resolvers.js';

/** The fleet as code: FleetSyncs, their scheduler, the "managed by git" view of the objects they make, and their edits proposed in git. */
@Module({
  imports: [AuthModule, SourcesModule, KustomizationsModule, HelmModule, OciSourcesModule, ImagesModule, NotificationsModule, FluxYamlModule, ProposalsModule],
  providers: [FleetSyncRepository, FleetSyncService, FleetEditProposals, FleetEditProposalsResolver, FleetSyncScheduler, FleetSyncResolver, KustomizationManagedByResolver, GitRepositoryManagedByResolver, ...MANAGED_BY_RESOLVERS],
})
export class FleetSyncModule {}
