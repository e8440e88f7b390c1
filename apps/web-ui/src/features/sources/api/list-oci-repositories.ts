import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import { OCI_REPOSITORY_SUMMARY_FIELDS, type OciRepositorySummary } from './oci-repository-types';
import type {
  ListOciRepositoriesQuery,
  ListOciRepositoriesQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ListOciRepositoriesDocument = graphql<
  ListOciRepositoriesQuery,
  ListOciRepositoriesQueryVariables
>(`
  query ListOciRepositories {
    ociRepositories { ${OCI_REPOSITORY_SUMMARY_FIELDS} }
  }
`);

export async function listOciRepositories(): Promise<OciRepositorySummary[]> {
  return (await gqlRequest(ListOciRepositoriesDocument)).ociRepositories;
}

export const ociRepositoryListQuery = () =>
  queryOptions({ queryKey: sourceKeys.ociList(), queryFn: listOciRepositories });

export function useOciRepositories() {
  return useQuery(ociRepositoryListQuery());
}
