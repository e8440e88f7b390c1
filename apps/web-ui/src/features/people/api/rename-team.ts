import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  RenameTeamMutation,
  RenameTeamMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { TEAM_FIELDS } from './people-types';

export const RenameTeamDocument = graphql<RenameTeamMutation, RenameTeamMutationVariables>(`
  mutation RenameTeam($id: ID!, $name: String!) {
    renameTeam(id: $id, name: $name) { ${TEAM_FIELDS} }
  }
`);

export async function renameTeam(vars: { id: string; name: string }) {
  return (await gqlRequest(RenameTeamDocument, vars)).renameTeam;
}

export function useRenameTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameTeam,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
