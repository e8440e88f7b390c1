import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  RemoveTeamGrantMutation,
  RemoveTeamGrantMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS } from './people-types';

export const RemoveTeamGrantDocument = graphql<RemoveTeamGrantMutation, RemoveTeamGrantMutationVariables>(`
  mutation RemoveTeamGrant($id: ID!) {
    removeTeamGrant(id: $id) { ${TEAM_FIELDS} }
  }
`);

export async function removeTeamGrant(vars: { id: string }) {
  return (await gqlRequest(RemoveTeamGrantDocument, vars)).removeTeamGrant;
}

export function useRemoveTeamGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeTeamGrant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
