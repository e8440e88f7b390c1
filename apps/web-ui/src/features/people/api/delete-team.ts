import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  DeleteTeamMutation,
  DeleteTeamMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';

export const DeleteTeamDocument = graphql<DeleteTeamMutation, DeleteTeamMutationVariables>(`
  mutation DeleteTeam($id: ID!) {
    deleteTeam(id: $id)
  }
`);

export async function deleteTeam(vars: { id: string }) {
  return (await gqlRequest(DeleteTeamDocument, vars)).deleteTeam;
}

export function useDeleteTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTeam,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.teams() }),
  });
}
