import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import { KUSTOMIZATION_SUMMARY_FIELDS, type KustomizationSummary } from './kustomization-types';
import type {
  ListKustomizationsQuery,
  ListKustomizationsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ListKustomizationsDocument = graphql<ListKustomizationsQuery, ListKustomizationsQueryVariables>(`
  query ListKustomizations {
    kustomizations { ${KUSTOMIZATION_SUMMARY_FIELDS} }
  }
`);

export async function listKustomizations(): Promise<KustomizationSummary[]> {
  return (await gqlRequest(ListKustomizationsDocument)).kustomizations;
}

export const kustomizationListQuery = () =>
  queryOptions({ queryKey: kustomizationKeys.list(), queryFn: listKustomizations });

export function useKustomizations() {
  return useQuery(kustomizationListQuery());
}
