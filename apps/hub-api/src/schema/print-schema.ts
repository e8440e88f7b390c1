import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AuditResolver } from '../audit/audit.resolver.js';
import { UsersResolver } from '../users/users.resolver.js';
import { ApiTokensResolver } from '../auth/api-tokens.resolver.js';
import { ViewerResolver } from '../auth/viewer.resolver.js';
import { ClustersResolver } from '../clusters/clusters.resolver.js';
import { FleetResolver } from '../fleet/fleet.resolver.js';
import { RolloutResolver } from '../fleet/rollout.resolver.js';
import { FleetSyncResolver, GitRepositoryManagedByResolver, KustomizationManagedByResolver } from '../fleet-sync/fleet-sync.resolver.js';
import { MANAGED_BY_RESOLVERS } from '../fleet-sync/managed-by.resolvers.js';
import { FleetEditProposalsResolver } from '../fleet-sync/fleet-edit-proposals.resolver.js';
import { DefinitionOperationsResolver } from '../flux-objects/definition-operations.resolver.js';
import { FluxObjectsResolver } from '../flux-objects/flux-objects.resolver.js';
import { FluxYamlResolver } from '../flux-yaml/flux-yaml.resolver.js';
import { ClusterGitOpsResolver, GitRepositoryUsersResolver, KustomizationClusterStatusResolver, OciRepositoryUsersResolver } from '../kustomizations/gitops-fields.resolver.js';
import { KustomizationsResolver } from '../kustomizations/kustomizations.resolver.js';
import { NotificationsResolver } from '../notifications/notifications.resolver.js';
import { ReceiversResolver } from '../notifications/receivers/receivers.resolver.js';
import { GitRepositoriesResolver } from '../sources/git-repositories.resolver.js';
import { HelmReleasesResolver, HelmRepositoriesResolver } from '../helm/helm.resolver.js';
import { OciRepositoriesResolver } from '../oci-sources/oci-repositories.resolver.js';
import { ImagePoliciesResolver } from '../images/image-policies.resolver.js';
import { ImageRepositoriesResolver } from '../images/image-repositories.resolver.js';
import { ImageUpdateAutomationsResolver } from '../images/image-update-automations.resolver.js';
import { ProposalsResolver } from '../proposals/proposals.resolver.js';
import { TeamsResolver } from '../teams/teams.resolver.js';

/** Every resolver class of the hub; the schema is built from these alone (no database, no HTTP). */
export const resolvers = [
  ViewerResolver,
  ApiTokensResolver,
  UsersResolver,
  TeamsResolver,
  AuditResolver,
  ClustersResolver,
  GitRepositoriesResolver,
  KustomizationsResolver,
  HelmRepositoriesResolver,
  HelmReleasesResolver,
  OciRepositoriesResolver,
  KustomizationClusterStatusResolver,
  ClusterGitOpsResolver,
  GitRepositoryUsersResolver,
  OciRepositoryUsersResolver,
  DefinitionOperationsResolver,
  NotificationsResolver,
  ReceiversResolver,
  FluxObjectsResolver,
  FluxYamlResolver,
  ImageRepositoriesResolver,
  ImagePoliciesResolver,
  ImageUpdateAutomationsResolver,
  ProposalsResolver,
  FleetResolver,
  RolloutResolver,
  FleetSyncResolver,
  FleetEditProposalsResolver,
  KustomizationManagedByResolver,
  GitRepositoryManagedByResolver,
  ...MANAGED_BY_RESOLVERS,
];

export const schemaHeader = '# Generated from the code-first resolvers by `pnpm --filter @flotilla/hub-api schema:write`. Do not edit.\n\n';

export async function printHubSchema(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(resolvers);
    return `${schemaHeader}${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}
