import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import { GIT_REPOSITORY_SUMMARY_FIELDS, type GitRepositorySummary } from './source-types';
import type {
  ListGitRepositoriesQuery,
  ListGitRepositoriesQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ListGitRepositoriesDocument = graphql<
  ListGitRepositoriesQuery,
  ListGitRepositoriesQueryVariables
>(`
  query ListGitRepositories {
    gitRepositories { ${GIT_REPOSITORY_SUMMARY_FIELDS} }
  }
`);

export async function listGitRepositories(): Promise<GitRepositorySummary[]> {
  return (await gqlRequest(ListGitRepositoriesDocument)).gitRepositories;
}

export const gitRepositoryListQuery = () =>
  queryOptions({ queryKey: sourceKeys.list(), queryFn: listGitRepositories });

export function useGitRepositories() {
  return useQuery(gitRepositoryListQuery());
}
