import type { QueryClient } from '@tanstack/react-query';
import { clusterGitOpsKeys, clusterKeys } from '../features/clusters/api/cluster-keys';
import { fleetKeys } from '../features/fleet/api/fleet-keys';
import { queueClusterRowPatch } from '../features/fleet/api/patch-cluster-rows';
import { queueRolloutRowPatch } from '../features/fleet/api/patch-rollout-rows';
import { fluxObjectKeys } from '../features/flux-objects/api/flux-object-keys';
import { hubHelmKey } from '../features/helm/api/list-hub-helm';
import { imageKeys } from '../features/images/api/image-keys';
import { kustomizationKeys } from '../features/kustomizations/api/kustomization-keys';
import { proposalKeys } from '../features/proposals/api/proposal-keys';
import { sourceKeys } from '../features/sources/api/source-keys';

// The only place that knows which socket event stales which queries. Payloads are ids only (the hub's
// rule: small events, the UI refetches details), so every event maps to invalidations, except the fleet's
// cluster table and the rollout matrix, whose loaded rows of that cluster are refetched by id and patched in.
export interface UiServerEvents {
  'cluster.changed': (payload: { clusterId: string }) => void;
  'cluster.deleted': (payload: { clusterId: string }) => void;
  'source.changed': (payload: { id: string }) => void;
  'kustomization.changed': (payload: { id: string }) => void;
  'kustomization.status': (payload: { id: string; clusterId: string }) => void;
  'cluster.events': (payload: { clusterId: string }) => void;
  'fluxObjects.changed': (payload: { clusterId: string }) => void;
  'images.changed': (payload: Record<string, never>) => void;
  'proposal.changed': (payload: { id: string }) => void;
  'ociRepository.changed': (payload: { id: string }) => void;
  'helmRepository.changed': (payload: { id: string }) => void;
  'helmRelease.changed': (payload: { id: string }) => void;
}

export type UiEventName = keyof UiServerEvents;
export type UiEvent =
  | { name: 'cluster.changed'; payload: { clusterId: string } }
  | { name: 'cluster.deleted'; payload: { clusterId: string } }
  | { name: 'source.changed'; payload: { id: string } }
  | { name: 'kustomization.changed'; payload: { id: string } }
  | { name: 'kustomization.status'; payload: { id: string; clusterId: string } }
  | { name: 'cluster.events'; payload: { clusterId: string } }
  | { name: 'fluxObjects.changed'; payload: { clusterId: string } }
  | { name: 'images.changed' }
  | { name: 'proposal.changed'; payload: { id: string } }
  | { name: 'ociRepository.changed'; payload: { id: string } }
  | { name: 'helmRepository.changed'; payload: { id: string } }
  | { name: 'helmRelease.changed'; payload: { id: string } }
  | { name: 'reconnected' };

/**
 * Invalidates `queryKey`, and asks once more after a fetch that was under way: react-query restarts a refetch of a
 * query holding data (with `cancelRefetch`), but joins a first load under way (or any fetch, without
 * `cancelRefetch`) and clears the invalidation when it lands, so an answer read before the event was shown as
 * current and the event lost (a page opened just as its object changed kept showing the old state).
 */
async function staleKey(queryClient: QueryClient, queryKey: readonly unknown[], cancelRefetch: boolean): Promise<void> {
  const joined = queryClient
    .getQueryCache()
    .findAll({ queryKey })
    .filter((q) => q.state.fetchStatus === 'fetching' && (q.state.data === undefined || !cancelRefetch));
  await queryClient.invalidateQueries({ queryKey }, { cancelRefetch });
  await Promise.all(
    joined.map((q) => queryClient.invalidateQueries({ queryKey: q.queryKey, exact: true }, { cancelRefetch })),
  );
}

export async function invalidateOnEvent(queryClient: QueryClient, event: UiEvent): Promise<void> {
  const stale = (...keys: (readonly unknown[])[]) =>
    Promise.all(keys.map((queryKey) => staleKey(queryClient, queryKey, true))).then(() => undefined);
  // The fleet's aggregates change with any cluster's report; at fleet scale reports arrive faster than one
  // aggregate query answers, so a fetch under way is kept (not cancelled and restarted) and a burst of
  // events costs one more refetch once it lands, not one each.
  const staleFleet = (...keys: (readonly unknown[])[]) =>
    Promise.all(keys.map((queryKey) => staleKey(queryClient, queryKey, false))).then(() => undefined);
  switch (event.name) {
    case 'cluster.changed':
      queueClusterRowPatch(queryClient, event.payload.clusterId);
      queueRolloutRowPatch(queryClient, event.payload.clusterId);
      // A label change moves placement: Kustomization pages list targeted clusters by name.
      return Promise.all([
        stale(
          clusterKeys.lists(),
          clusterKeys.detail(event.payload.clusterId),
          kustomizationKeys.all,
          fluxObjectKeys.clusterOptions(),
        ),
        staleFleet(fleetKeys.health(), fleetKeys.rolloutSummaries()),
      ]).then(() => undefined);
    case 'cluster.deleted':
      queryClient.removeQueries({ queryKey: clusterKeys.detail(event.payload.clusterId) });
      return Promise.all([
        stale(clusterKeys.lists(), kustomizationKeys.all, fluxObjectKeys.all),
        staleFleet(fleetKeys.all),
      ]).then(() => undefined);
    case 'source.changed':
      // New revision or Ready state; the Kustomization form's source picker shows readiness too.
      return stale(
        sourceKeys.lists(),
        sourceKeys.detail(event.payload.id),
        kustomizationKeys.sourceOptions(),
      );
    case 'ociRepository.changed':
      // Its spec, suspend or a pull's result (Ready, a new revision): the list, its page and the Kustomization
      // form's source picker, which shows readiness too.
      return stale(sourceKeys.ociList(), sourceKeys.ociDetail(event.payload.id), kustomizationKeys.sourceOptions());
    case 'helmRepository.changed':
    case 'helmRelease.changed':
      // A fetch's result (Ready, a new index), a chart resolved, an edit or a deletion: the Helm page reads them
      // all in one list, and each release's clusters under the same key.
      return stale(hubHelmKey);
    case 'kustomization.changed':
      // Created, edited, suspended or deleted: lists, its page, the sources that name it, cluster pages.
      return stale(
        kustomizationKeys.lists(),
        kustomizationKeys.detail(event.payload.id),
        sourceKeys.details(),
        sourceKeys.ociDetails(),
        clusterGitOpsKeys.allKustomizations(),
      );
    case 'kustomization.status':
      // Proposal pages follow a merged commit's rollout through these statuses.
      return stale(
        kustomizationKeys.lists(),
        kustomizationKeys.detail(event.payload.id),
        clusterGitOpsKeys.kustomizations(event.payload.clusterId),
        proposalKeys.details(),
      );
    case 'cluster.events':
      return Promise.all([
        stale(clusterGitOpsKeys.events(event.payload.clusterId), kustomizationKeys.allEvents()),
        staleFleet(fleetKeys.activities()),
      ]).then(() => undefined);
    case 'fluxObjects.changed':
      // Any object of the cluster, any filter: lists and open trees read them; search results show health; the
      // Helm page shows the hub HelmReleases' rows. The rollout matrix's rows of that cluster likewise; its counts
      // and spread are small queries, refetched.
      queueClusterRowPatch(queryClient, event.payload.clusterId);
      queueRolloutRowPatch(queryClient, event.payload.clusterId);
      return Promise.all([
        stale(fluxObjectKeys.lists(), fluxObjectKeys.trees(), hubHelmKey),
        staleFleet(
          fleetKeys.health(),
          fleetKeys.searches(),
          fleetKeys.rolloutSummaries(),
          fleetKeys.rolloutSpreads(),
        ),
      ]).then(() => undefined);
    case 'images.changed':
      // A scan, a policy's new latest ref or an automation run: the lists are small, refetch them all.
      return stale(imageKeys.all);
    case 'proposal.changed':
      // The inbox, its badge and that proposal's page.
      return stale(
        proposalKeys.list(true),
        proposalKeys.list(false),
        proposalKeys.openCount(),
        proposalKeys.detail(event.payload.id),
      );
    case 'reconnected':
      // Events sent while we were away are lost; refetch everything realtime keeps fresh.
      return stale(...realtimeFedKeys());
  }
}

/** Every query the realtime events keep fresh. */
const realtimeFedKeys = (): (readonly unknown[])[] => [
  clusterKeys.all,
  sourceKeys.all,
  kustomizationKeys.all,
  fluxObjectKeys.all,
  fleetKeys.all,
  imageKeys.all,
  proposalKeys.all,
  hubHelmKey,
];

/**
 * On the first connection: what was fetched before the socket went live may have missed an event sent in
 * between (a slow connection under load can take seconds), so those answers are fetched again. A fetch still
 * under way is left alone: restarting every first load's queries would double the first paint for the moments a
 * connection takes, and its answer is read at about the time the socket goes live.
 */
export async function staleFetchedBefore(queryClient: QueryClient, liveAt: number): Promise<void> {
  await Promise.all(
    realtimeFedKeys().map((queryKey) =>
      queryClient.invalidateQueries({
        queryKey,
        predicate: (q) =>
          q.state.dataUpdatedAt > 0 && q.state.dataUpdatedAt < liveAt && q.state.fetchStatus !== 'fetching',
      }),
    ),
  );
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Accepts only well-formed payloads: a malformed event is ignored rather than invalidating everything. */
export function toUiEvent(name: string, payload: unknown): UiEvent | null {
  const p = (payload ?? {}) as { clusterId?: unknown; id?: unknown };
  if (typeof payload !== 'object' || payload === null) return null;
  switch (name) {
    case 'cluster.changed':
    case 'cluster.deleted':
    case 'cluster.events':
    case 'fluxObjects.changed':
      return nonEmpty(p.clusterId) ? { name, payload: { clusterId: p.clusterId } } : null;
    case 'source.changed':
    case 'ociRepository.changed':
    case 'helmRepository.changed':
    case 'helmRelease.changed':
    case 'kustomization.changed':
    case 'proposal.changed':
      return nonEmpty(p.id) ? { name, payload: { id: p.id } } : null;
    case 'images.changed':
      return { name };
    case 'kustomization.status':
      return nonEmpty(p.id) && nonEmpty(p.clusterId)
        ? { name, payload: { id: p.id, clusterId: p.clusterId } }
        : null;
    default:
      return null;
  }
}
