import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  GitRepositoryInput,
  ProposeGitRepositoryEditMutation,
  ProposeGitRepositoryEditMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

/** For a GitRepository managed by git: the edit is committed to its file on a new branch as a proposal, not applied. */
export const ProposeGitRepositoryEditDocument = graphql<ProposeGitRepositoryEditMutation, ProposeGitRepositoryEditMutationVariables>(`
  mutation ProposeGitRepositoryEdit($id: ID!, $input: GitRepositoryInput!) {
    proposeGitRepositoryEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export async function proposeGitRepositoryEdit(vars: { id: string; input: GitRepositoryInput }) {
  return (await gqlRequest(ProposeGitRepositoryEditDocument, vars)).proposeGitRepositoryEdit;
}

// Nothing at the hub changes until the proposal is merged; the proposals list hears of it over the socket.
export function useProposeGitRepositoryEdit() {
  return useMutation({ mutationFn: proposeGitRepositoryEdit });
}
