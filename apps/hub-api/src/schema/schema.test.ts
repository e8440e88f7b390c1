import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printHubSchema } from './print-schema.js';

describe('schema.gql', () => {
  it('is current: regenerate with `pnpm --filter @flotilla/hub-api schema:write` after changing resolvers or DTOs', async () => {
    const committed = await readFile(path.resolve(import.meta.dirname, '../../schema.gql'), 'utf8');
    expect(await printHubSchema()).toBe(committed);
  });

  it('has the contract surface of issue 3', async () => {
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
});
