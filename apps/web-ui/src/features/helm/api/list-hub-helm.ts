import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';
import type { ListHubHelmQuery, ListHubHelmQueryVariables } from '../../../lib/graphql/operation-types.gen';

// The hub's HelmRepositories and HelmReleases in one read: what the Helm page shows and its forms start from.
export const ListHubHelmDocument = graphql<ListHubHelmQuery, ListHubHelmQueryVariables>(`
  query ListHubHelm {
    helmRepositories {
      id namespace name type url insecure interval timeout passCredentials suspend ready message credentialsKind
      hasCaCertificate hasClientCertificate
      ${MANAGED_BY_GIT_FIELDS}
      conditions { type status reason message }
      artifact { revision size lastUpdateTime }
    }
    helmReleases {
      id namespace name generation spec
      overlays { clusterSelector values }
      placement { clusterSelector clusterNames }
      chart { name version failureReason failureMessage }
      clusterValues { clusterId clusterName values error }
      ${MANAGED_BY_GIT_FIELDS}
    }
  }
`);

export type HubHelm = ListHubHelmQuery;
export type HubHelmRepository = HubHelm['helmRepositories'][number];
export type HubHelmRelease = HubHelm['helmReleases'][number];

/** Staled by the realtime events of any cluster's Flux objects: the releases' per-cluster status lives there. */
export const hubHelmKey = ['hub-helm'] as const;

export const hubHelmQuery = () => queryOptions({ queryKey: [...hubHelmKey], queryFn: () => gqlRequest(ListHubHelmDocument) });

export function useHubHelm() {
  return useQuery(hubHelmQuery());
}
