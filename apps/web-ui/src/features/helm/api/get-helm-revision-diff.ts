import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  HelmReleaseRevisionDiffQuery,
  HelmReleaseRevisionDiffQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const HelmReleaseRevisionDiffDocument = graphql<HelmReleaseRevisionDiffQuery, HelmReleaseRevisionDiffQueryVariables>(`
  query HelmReleaseRevisionDiff($releaseId: ID!, $clusterId: ID!, $fromRevision: Int!, $toRevision: Int!) {
    helmReleaseRevisionDiff(releaseId: $releaseId, clusterId: $clusterId, fromRevision: $fromRevision, toRevision: $toRevision) {
      clusterName releaseName releaseNamespace
      from { revision status chartName chartVersion appVersion values manifest }
      to { revision status chartName chartVersion appVersion values manifest }
      valuesDiff manifestDiff
    }
  }
`);

export type HelmRevisionDiff = HelmReleaseRevisionDiffQuery['helmReleaseRevisionDiff'];
export type HelmRevisionDiffArgs = HelmReleaseRevisionDiffQueryVariables;

// Read through the cluster's agent on each ask, as live objects are: never kept as fresh, never retried behind
// the user's back (a timeout already took seconds; the user asks again). Values and manifests arrive masked. Not
// under the Helm page's key: the events that refresh the page would ask the agent again each time.
export const helmRevisionDiffQuery = (args: HelmRevisionDiffArgs) =>
  queryOptions({
    queryKey: ['hub-helm-revision-diff', args.releaseId, args.clusterId, args.fromRevision, args.toRevision],
    queryFn: async () => (await gqlRequest(HelmReleaseRevisionDiffDocument, args)).helmReleaseRevisionDiff,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

export function useHelmRevisionDiff(args: HelmRevisionDiffArgs) {
  return useQuery(helmRevisionDiffQuery(args));
}
