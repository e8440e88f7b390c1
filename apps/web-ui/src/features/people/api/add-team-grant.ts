import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  AddTeamGrantInput,
  AddTeamGrantMutation,
  AddTeamGrantMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS } from './people-types';

export const AddTeamGrantDocument = graphql<AddTeamGrantMutation, AddTeamGrantMutationVariables>(`
  mutation AddTeamGrant($input: AddTeamGrantInput!) {
    addTeamGrant(input: $input) { ${TEAM_FIELDS} }
  }
`);

export async function addTeamGrant(vars: { input: AddTeamGrantInput }) {
  return (await gqlRequest(AddTeamGrantDocument, vars)).addTeamGrant;
}

export function useAddTeamGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addTeamGrant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
