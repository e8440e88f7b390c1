import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  HelmRepositoryInput,
  ProposeHelmRepositoryEditMutation,
  ProposeHelmRepositoryEditMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

/** For a HelmRepository managed by git: the edit is committed to its file on a new branch as a proposal, not applied. */
export const ProposeHelmRepositoryEditDocument = graphql<ProposeHelmRepositoryEditMutation, ProposeHelmRepositoryEditMutationVariables>(`
  mutation ProposeHelmRepositoryEdit($id: ID!, $input: HelmRepositoryInput!) {
    proposeHelmRepositoryEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export async function proposeHelmRepositoryEdit(vars: { id: string; input: HelmRepositoryInput }) {
  return (await gqlRequest(ProposeHelmRepositoryEditDocument, vars)).proposeHelmRepositoryEdit;
}

// Nothing at the hub changes until the proposal is merged; the proposals list hears of it over the socket.
export function useProposeHelmRepositoryEdit() {
  return useMutation({ mutationFn: proposeHelmRepositoryEdit });
}
