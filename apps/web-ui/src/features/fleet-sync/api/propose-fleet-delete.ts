import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { ProposeFleetDeleteMutation, ProposeFleetDeleteMutationVariables } from '../../../lib/graphql/operation-types.gen';

/** For an object managed by git: its document's removal committed to its file on a new branch as a proposal. */
export const ProposeFleetDeleteDocument = graphql<ProposeFleetDeleteMutation, ProposeFleetDeleteMutationVariables>(`
  mutation ProposeFleetDelete($kind: String!, $id: ID!) {
    proposeFleetDelete(kind: $kind, id: $id) {
      id
      headBranch
    }
  }
`);

export async function proposeFleetDelete(vars: ProposeFleetDeleteMutationVariables) {
  return (await gqlRequest(ProposeFleetDeleteDocument, vars)).proposeFleetDelete;
}

// Nothing at the hub changes until the proposal is merged; the proposals list hears of it over the socket.
export function useProposeFleetDelete() {
  return useMutation({ mutationFn: proposeFleetDelete });
}
