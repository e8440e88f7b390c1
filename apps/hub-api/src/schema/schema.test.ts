import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printHubSchema } from './print-schema.js';

describe('schema.gql', () => {
  it('is current: regenerate with `pnpm --filter @flotilla/hub-api schema:write` after changing resolvers or DTOs', async () => {
    const committed = await readFile(path.resolve(import.meta.dirname, '../../schema.gql'), 'utf8');
    expect(await printHubSchema()).toBe(committed);
  });

  it('has the connection contract surface', async () => {
    const sdl = await printHubSchema();
    for (const field of [
      'viewer: User!',
      'clusters(after: String, first: Int = 50, selector: String): ClusterConnection!',
      'cluster(id: ID!): Cluster',
      'createRegistrationToken(input: CreateRegistrationTokenInput!): RegistrationToken!',
      'revokeClusterCredential(clusterId: ID!): Cluster!',
      'updateCluster(input: UpdateClusterInput!): Cluster!',
      'deleteCluster(id: ID!): Boolean!',
    ]) {
      expect(sdl).toContain(field);
    }
  });

  it('has the GitOps contract surface', async () => {
    const sdl = await printHubSchema();
    for (const field of [
      'gitRepositories: [GitRepository!]!',
      'gitRepository(id: ID!): GitRepository',
      'kustomizations(clusterId: ID): [Kustomization!]!',
      'kustomization(id: ID!): Kustomization',
      'events(clusterId: ID, first: Int = 100, kustomizationId: ID): [ClusterEvent!]!',
      'createGitRepository(input: GitRepositoryInput!): GitRepository!',
      'updateGitRepository(id: ID!, input: GitRepositoryInput!): GitRepository!',
      'deleteGitRepository(id: ID!): Boolean!',
      'createKustomization(input: KustomizationInput!): Kustomization!',
      'updateKustomization(id: ID!, input: KustomizationInput!): Kustomization!',
      'deleteKustomization(id: ID!): Boolean!',
      'requestReconcile(input: RequestReconcileInput!): Boolean!',
      'suspend(id: ID!, kind: SuspendKind!): Boolean!',
      'resume(id: ID!, kind: SuspendKind!): Boolean!',
      'events(first: Int = 50): [ClusterEvent!]!',
      'kustomizations: [KustomizationClusterStatus!]!',
      'clusters: [KustomizationClusterStatus!]!',
      'kustomization: Kustomization!',
      'inventory: [InventoryEntry!]!',
      'spec: JSON!',
      'credentialsKind: String',
    ]) {
      expect(sdl).toContain(field);
    }
    // Credentials go in, never out.
    expect(sdl).not.toMatch(/type GitRepository \{[^}]*(password|bearerToken|credentialsSealed)/);
  });
});
