import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  HelmReleaseInput,
  ProposeHelmReleaseEditMutation,
  ProposeHelmReleaseEditMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

/** For a HelmRelease managed by git: the edit is committed to its file on a new branch as a proposal, not applied. */
export const ProposeHelmReleaseEditDocument = graphql<ProposeHelmReleaseEditMutation, ProposeHelmReleaseEditMutationVariables>(`
  mutation ProposeHelmReleaseEdit($id: ID!, $input: HelmReleaseInput!) {
    proposeHelmReleaseEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export async function proposeHelmReleaseEdit(vars: { id: string; input: HelmReleaseInput }) {
  return (await gqlRequest(ProposeHelmReleaseEditDocument, vars)).proposeHelmReleaseEdit;
}

// Nothing at the hub changes until the proposal is merged; the proposals list hears of it over the socket.
export function useProposeHelmReleaseEdit() {
  return useMutation({ mutationFn: proposeHelmReleaseEdit });
}
