import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateTeamMutation,
  CreateTeamMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS } from './people-types';

export const CreateTeamDocument = graphql<CreateTeamMutation, CreateTeamMutationVariables>(`
  mutation CreateTeam($name: String!) {
    createTeam(name: $name) { ${TEAM_FIELDS} }
  }
`);

export async function createTeam(vars: { name: string }) {
  return (await gqlRequest(CreateTeamDocument, vars)).createTeam;
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTeam,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
