import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  KustomizationInput,
  ProposeKustomizationEditMutation,
  ProposeKustomizationEditMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

/** For a Kustomization managed by git: the edit is committed to its file on a new branch as a proposal, not applied. */
export const ProposeKustomizationEditDocument = graphql<ProposeKustomizationEditMutation, ProposeKustomizationEditMutationVariables>(`
  mutation ProposeKustomizationEdit($id: ID!, $input: KustomizationInput!) {
    proposeKustomizationEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export async function proposeKustomizationEdit(vars: { id: string; input: KustomizationInput }) {
  return (await gqlRequest(ProposeKustomizationEditDocument, vars)).proposeKustomizationEdit;
}

// Nothing at the hub changes until the proposal is merged; the proposals list hears of it over the socket.
export function useProposeKustomizationEdit() {
  return useMutation({ mutationFn: proposeKustomizationEdit });
}
