import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  SuspendGitRepositoryMutation,
  SuspendGitRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const SuspendGitRepositoryDocument = graphql<
  SuspendGitRepositoryMutation,
  SuspendGitRepositoryMutationVariables
>(`
  mutation SuspendGitRepository($id: ID!) {
    suspend(kind: GitRepository, id: $id)
  }
`);

export async function suspendGitRepository(id: string): Promise<boolean> {
  return (await gqlRequest(SuspendGitRepositoryDocument, { id })).suspend;
}

export function useSuspendGitRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: suspendGitRepository,
    onSuccess: (_ok, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: sourceKeys.detail(id) }),
      ]),
  });
}
