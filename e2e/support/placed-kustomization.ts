import type { HubSession } from './hub-session.js';

/** A GitRepository at the hub (basic auth), fetched every `interval`. */
export async function createGitSource(session: HubSession, input: { name: string; url: string; username: string; password: string; interval?: string }): Promise<string> {
  const { createGitRepository } = await session.gql<{ createGitRepository: { id: string } }>(
    'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }',
    {
      input: {
        name: input.name,
        url: input.url,
        ref: { branch: 'main' },
        interval: input.interval ?? '1m',
        credentials: { username: input.username, password: input.password },
      },
    },
  );
  return createGitRepository.id;
}

/** A Kustomization placed by name on the given clusters; `spec` is Flux's (sourceRef, path, interval, …). */
export async function createPlacedKustomization(session: HubSession, name: string, clusterNames: string[], spec: Record<string, unknown>): Promise<string> {
  const { createKustomization } = await session.gql<{ createKustomization: { id: string } }>(
    'mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }',
    { input: { name, placement: { clusterNames }, spec } },
  );
  return createKustomization.id;
}

/** `flux reconcile source git`: the hub fetches now instead of at its interval. */
export async function fetchSourceNow(session: HubSession, id: string): Promise<void> {
  await session.gql('mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }', { input: { id, kind: 'GitRepository' } });
}

export async function sourceRevision(session: HubSession, id: string): Promise<string | undefined> {
  const { gitRepository } = await session.gql<{ gitRepository: { artifact: { revision: string } | null } | null }>(
    'query($id: ID!) { gitRepository(id: $id) { artifact { revision } } }',
    { id },
  );
  return gitRepository?.artifact?.revision;
}

export interface ClusterView {
  connectionState: string;
  kustomizations: Array<{
    kustomization: { name: string };
    ready: string;
    reason: string | null;
    message: string | null;
    lastAppliedRevision: string | null;
    lastAttemptedRevision: string | null;
    inventory: Array<{ id: string }>;
  }>;
  events: Array<{ involvedKind: string; involvedName: string; reason: string; message: string; severity: string; occurredAt: string }>;
}

/** What the hub shows of one cluster: its connection, its Kustomizations' status and inventory, its newest events. */
export async function clusterView(session: HubSession, clusterId: string, events = 200): Promise<ClusterView> {
  const { cluster } = await session.gql<{ cluster: ClusterView }>(
    `query($id: ID!, $first: Int) { cluster(id: $id) {
      connectionState
      kustomizations { kustomization { name } ready reason message lastAppliedRevision lastAttemptedRevision inventory { id } }
      events(first: $first) { involvedKind involvedName reason message severity occurredAt }
    } }`,
    { id: clusterId, first: events },
  );
  return cluster;
}
