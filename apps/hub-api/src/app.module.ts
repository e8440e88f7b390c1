import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { AgentsModule } from './agents/agents.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { IngestionModule } from './ingestion/ingestion.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClustersModule } from './clusters/clusters.module.js';
import { CoreModule, type CoreDeps } from './common/core.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { FleetSyncModule } from './fleet-sync/fleet-sync.module.js';
import { FluxObjectsModule } from './flux-objects/flux-objects.module.js';
import { FluxYamlModule } from './flux-yaml/flux-yaml.module.js';
import { graphqlOptions } from './graphql.options.js';
import { HealthModule } from './health/health.module.js';
import { ImagesModule } from './images/images.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { KustomizationsModule } from './kustomizations/kustomizations.module.js';
import { HelmModule } from './helm/helm.module.js';
import { OciSourcesModule } from './oci-sources/oci-sources.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        GraphQLModule.forRoot<ApolloDriverConfig>(graphqlOptions()),
        AuthModule,
        UsersModule,
        TeamsModule,
        AuditModule,
        ClustersModule,
        AgentsModule,
        SourcesModule,
        KustomizationsModule,
        HelmModule,
        OciSourcesModule,
        FluxObjectsModule,
        FluxYamlModule,
        FleetModule,
        FleetSyncModule,
        AssignmentsModule,
        IngestionModule,
        RealtimeModule,
        HealthModule,
        ImagesModule,
        ProposalsModule,
        NotificationsModule,
      ],
    };
  }
}
