import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { fluxObjectKeys, type FluxObjectRef } from './flux-object-keys';
import type {
  FluxObjectTreeQuery,
  FluxObjectTreeQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type FluxTree = FluxObjectTreeQuery['fluxObjectTree'];

/** Nodes shown at most; the hub says when the tree has more. */
const TREE_NODES = 500;

export const FluxObjectTreeDocument = graphql<FluxObjectTreeQuery, FluxObjectTreeQueryVariables>(`
  query FluxObjectTree($ref: FluxObjectRefInput!, $first: Int) {
    fluxObjectTree(ref: $ref, first: $first) {
      truncated
      root {
        id
        kind
        namespace
        name
        ready
        reason
        message
      }
      nodes {
        depth
        group
        kind
        namespace
        name
        health {
          status
          message
        }
        fluxObject {
          id
          ready
          reason
          message
          suspended
        }
      }
    }
  }
`);

export const fluxObjectTreeQuery = (ref: FluxObjectRef) =>
  queryOptions({
    queryKey: fluxObjectKeys.tree(ref),
    queryFn: async () =>
      (await gqlRequest(FluxObjectTreeDocument, { ref, first: TREE_NODES })).fluxObjectTree,
  });

export function useFluxObjectTree(ref: FluxObjectRef | null) {
  return useQuery({
    ...fluxObjectTreeQuery(ref ?? { clusterId: '', kind: 'Kustomization', namespace: '', name: '' }),
    enabled: ref !== null,
  });
}
