import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  KustomizationSourceOptionsQuery,
  KustomizationSourceOptionsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type SourceOption = KustomizationSourceOptionsQuery['gitRepositories'][number];

// The form's source picker: only what the picker shows, not the sources feature's queries.
export const KustomizationSourceOptionsDocument = graphql<
  KustomizationSourceOptionsQuery,
  KustomizationSourceOptionsQueryVariables
>(`
  query KustomizationSourceOptions {
    gitRepositories {
      id
      namespace
      name
      url
      ready
    }
  }
`);

export const sourceOptionsQuery = () =>
  queryOptions({
    queryKey: kustomizationKeys.sourceOptions(),
    queryFn: async () => (await gqlRequest(KustomizationSourceOptionsDocument)).gitRepositories,
  });

export function useSourceOptions() {
  return useQuery(sourceOptionsQuery());
}
