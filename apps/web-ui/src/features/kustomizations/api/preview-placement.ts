import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  PlacementPreviewQuery,
  PlacementPreviewQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type PlacementPreview = PlacementPreviewQuery['clusters'];

// Live preview of a placement: the hub's own `clusters(selector:)` answers which clusters a selector
// matches, so the preview and the hub's placement can never disagree on selector semantics.
export const PlacementPreviewDocument = graphql<PlacementPreviewQuery, PlacementPreviewQueryVariables>(`
  query PlacementPreview($selector: String) {
    clusters(selector: $selector, first: 100) {
      totalCount
      edges {
        node {
          id
          name
          connectionState
          labels {
            key
            value
          }
        }
      }
    }
  }
`);

/** selector '' lists every cluster (to resolve explicit names); callers pass only valid selectors. */
export const placementPreviewQuery = (selector: string) =>
  queryOptions({
    queryKey: kustomizationKeys.placementPreview(selector),
    queryFn: async () =>
      (await gqlRequest(PlacementPreviewDocument, { selector: selector === '' ? null : selector })).clusters,
    placeholderData: keepPreviousData,
  });

export function usePlacementPreview(selector: string, enabled: boolean) {
  return useQuery({ ...placementPreviewQuery(selector), enabled });
}
