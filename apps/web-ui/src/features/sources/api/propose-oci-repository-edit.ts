import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  OciRepositoryInput,
  ProposeOciRepositoryEditMutation,
  ProposeOciRepositoryEditMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

/** For an OCIRepository managed by git: the edit is committed to its file on a new branch as a proposal, not applied. */
export const ProposeOciRepositoryEditDocument = graphql<ProposeOciRepositoryEditMutation, ProposeOciRepositoryEditMutationVariables>(`
  mutation ProposeOciRepositoryEdit($id: ID!, $input: OCIRepositoryInput!) {
    proposeOCIRepositoryEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export async function proposeOciRepositoryEdit(vars: { id: string; input: OciRepositoryInput }) {
  return (await gqlRequest(ProposeOciRepositoryEditDocument, vars)).proposeOCIRepositoryEdit;
}

// Nothing at the hub changes until the proposal is merged; the proposals list hears of it over the socket.
export function useProposeOciRepositoryEdit() {
  return useMutation({ mutationFn: proposeOciRepositoryEdit });
}
