import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  ResumeGitRepositoryMutation,
  ResumeGitRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ResumeGitRepositoryDocument = graphql<
  ResumeGitRepositoryMutation,
  ResumeGitRepositoryMutationVariables
>(`
  mutation ResumeGitRepository($id: ID!) {
    resume(kind: GitRepository, id: $id)
  }
`);

export async function resumeGitRepository(id: string): Promise<boolean> {
  return (await gqlRequest(ResumeGitRepositoryDocument, { id })).resume;
}

export function useResumeGitRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeGitRepository,
    onSuccess: (_ok, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: sourceKeys.detail(id) }),
      ]),
  });
}
