import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { fluxObjectKeys } from './flux-object-keys';
import type {
  FluxObjectClusterOptionsQuery,
  FluxObjectClusterOptionsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

// The cluster filter's choices: names only, not the clusters feature's queries.
export const FluxObjectClusterOptionsDocument = graphql<
  FluxObjectClusterOptionsQuery,
  FluxObjectClusterOptionsQueryVariables
>(`
  query FluxObjectClusterOptions {
    clusters(first: 200) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const clusterOptionsQuery = () =>
  queryOptions({
    queryKey: fluxObjectKeys.clusterOptions(),
    queryFn: async () =>
      (await gqlRequest(FluxObjectClusterOptionsDocument)).clusters.edges.map((e) => e.node),
  });

export function useClusterOptions(enabled = true) {
  return useQuery({ ...clusterOptionsQuery(), enabled });
}
