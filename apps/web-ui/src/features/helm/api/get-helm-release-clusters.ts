import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { HelmReleaseClustersQuery, HelmReleaseClustersQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { hubHelmKey } from './list-hub-helm';

// One release's status and history on each targeted cluster, read apart from the Helm page's list: every cluster
// with its history for every release in one document would cost more than the hub lets one request resolve.
export const HelmReleaseClustersDocument = graphql<HelmReleaseClustersQuery, HelmReleaseClustersQueryVariables>(`
  query HelmReleaseClusters($id: ID!) {
    helmRelease(id: $id) {
      id
      clusters {
        cluster { id name }
        ready reason message stalled revision lastAttemptedRevision lastAttemptedConfigDigest lastAttemptedReleaseAction
        failures installFailures upgradeFailures observedGeneration updatedAt
        conditions { type status reason message lastTransitionTime }
        history {
          version status chartName chartVersion appVersion configDigest firstDeployed lastDeployed deleted
          testHooks { name phase lastStarted lastCompleted }
        }
      }
    }
  }
`);

export type HelmReleaseClusterStatus = NonNullable<HelmReleaseClustersQuery['helmRelease']>['clusters'][number];

/** Under the Helm page's key, so the events that refresh the page refresh every release's clusters too. */
export const helmReleaseClustersQuery = (id: string) =>
  queryOptions({ queryKey: [...hubHelmKey, 'clusters', id], queryFn: () => gqlRequest(HelmReleaseClustersDocument, { id }) });

export function useHelmReleaseClusters(id: string) {
  return useQuery(helmReleaseClustersQuery(id));
}
