import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  Role,
  SetUserRoleMutation,
  SetUserRoleMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { USER_FIELDS } from './people-types';

export const SetUserRoleDocument = graphql<SetUserRoleMutation, SetUserRoleMutationVariables>(`
  mutation SetUserRole($userId: ID!, $role: Role) {
    setUserRole(userId: $userId, role: $role) { ${USER_FIELDS} }
  }
`);

export async function setUserRole(vars: { userId: string; role: Role | null }) {
  return (await gqlRequest(SetUserRoleDocument, vars)).setUserRole;
}

export function useSetUserRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUserRole,
    // A token's listed role is capped by its owner's, so token lists change too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}
