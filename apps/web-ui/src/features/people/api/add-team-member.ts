import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  AddTeamMemberMutation,
  AddTeamMemberMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS } from './people-types';

export const AddTeamMemberDocument = graphql<AddTeamMemberMutation, AddTeamMemberMutationVariables>(`
  mutation AddTeamMember($teamId: ID!, $userId: ID!) {
    addTeamMember(teamId: $teamId, userId: $userId) { ${TEAM_FIELDS} }
  }
`);

export async function addTeamMember(vars: { teamId: string; userId: string }) {
  return (await gqlRequest(AddTeamMemberDocument, vars)).addTeamMember;
}

export function useAddTeamMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addTeamMember,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
