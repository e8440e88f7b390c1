import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-error';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';
import { GIT_REPOSITORY_SUMMARY_FIELDS, type GitRepositoryDetail } from './source-types';
import type {
  GetGitRepositoryQuery,
  GetGitRepositoryQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const GetGitRepositoryDocument = graphql<GetGitRepositoryQuery, GetGitRepositoryQueryVariables>(`
  query GetGitRepository($id: ID!) {
    gitRepository(id: $id) {
      ${GIT_REPOSITORY_SUMMARY_FIELDS}
      ignore
      labels { key value }
      ${MANAGED_BY_GIT_FIELDS}
      kustomizations {
        id name path suspend
        clusters { ready }
      }
    }
  }
`);

export async function getGitRepository(id: string): Promise<GitRepositoryDetail> {
  const { gitRepository } = await gqlRequest(GetGitRepositoryDocument, { id });
  if (!gitRepository) throw new ApiError('NOT_FOUND', 'This source does not exist or was deleted.');
  return gitRepository;
}

export const gitRepositoryDetailQuery = (id: string) =>
  queryOptions({ queryKey: sourceKeys.detail(id), queryFn: () => getGitRepository(id) });

export function useGitRepository(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...gitRepositoryDetailQuery(id), enabled: options.enabled ?? true });
}
