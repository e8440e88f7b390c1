import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ResetUserPasswordMutation,
  ResetUserPasswordMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ResetUserPasswordDocument = graphql<
  ResetUserPasswordMutation,
  ResetUserPasswordMutationVariables
>(`
  mutation ResetUserPassword($userId: ID!) {
    resetUserPassword(userId: $userId) {
      user {
        id
        username
      }
      oneTimePassword
    }
  }
`);

export async function resetUserPassword(userId: string) {
  return (await gqlRequest(ResetUserPasswordDocument, { userId })).resetUserPassword;
}

export function useResetUserPassword() {
  return useMutation({ mutationFn: resetUserPassword });
}
