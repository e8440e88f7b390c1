import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  ReconcileGitRepositoryMutation,
  ReconcileGitRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

// `flux reconcile source git`: the hub refetches now and a new artifact flows to the agents.
export const ReconcileGitRepositoryDocument = graphql<
  ReconcileGitRepositoryMutation,
  ReconcileGitRepositoryMutationVariables
>(`
  mutation ReconcileGitRepository($id: ID!) {
    requestReconcile(input: { kind: GitRepository, id: $id })
  }
`);

export async function reconcileGitRepository(id: string): Promise<boolean> {
  return (await gqlRequest(ReconcileGitRepositoryDocument, { id })).requestReconcile;
}

export function useReconcileGitRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reconcileGitRepository,
    onSuccess: (_ok, id) => queryClient.invalidateQueries({ queryKey: sourceKeys.detail(id) }),
  });
}
