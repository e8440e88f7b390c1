import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  DisableUserMutation,
  DisableUserMutationVariables,
  EnableUserMutation,
  EnableUserMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { USER_FIELDS } from './people-types';

export const DisableUserDocument = graphql<DisableUserMutation, DisableUserMutationVariables>(`
  mutation DisableUser($userId: ID!) {
    disableUser(userId: $userId) { ${USER_FIELDS} }
  }
`);

export const EnableUserDocument = graphql<EnableUserMutation, EnableUserMutationVariables>(`
  mutation EnableUser($userId: ID!) {
    enableUser(userId: $userId) { ${USER_FIELDS} }
  }
`);

/** Disable and enable are one switch in the UI, so they share a hook. */
export async function setUserDisabled(vars: { userId: string; disabled: boolean }) {
  return vars.disabled
    ? (await gqlRequest(DisableUserDocument, { userId: vars.userId })).disableUser
    : (await gqlRequest(EnableUserDocument, { userId: vars.userId })).enableUser;
}

export function useSetUserDisabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUserDisabled,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.users() }),
  });
}
