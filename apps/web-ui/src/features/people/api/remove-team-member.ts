import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  RemoveTeamMemberMutation,
  RemoveTeamMemberMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS } from './people-types';

export const RemoveTeamMemberDocument = graphql<RemoveTeamMemberMutation, RemoveTeamMemberMutationVariables>(`
  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {
    removeTeamMember(teamId: $teamId, userId: $userId) { ${TEAM_FIELDS} }
  }
`);

export async function removeTeamMember(vars: { teamId: string; userId: string }) {
  return (await gqlRequest(RemoveTeamMemberDocument, vars)).removeTeamMember;
}

export function useRemoveTeamMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeTeamMember,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
