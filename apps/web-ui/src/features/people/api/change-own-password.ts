import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ChangeOwnPasswordInput,
  ChangeOwnPasswordMutation,
  ChangeOwnPasswordMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ChangeOwnPasswordDocument = graphql<
  ChangeOwnPasswordMutation,
  ChangeOwnPasswordMutationVariables
>(`
  mutation ChangeOwnPassword($input: ChangeOwnPasswordInput!) {
    changeOwnPassword(input: $input)
  }
`);

export async function changeOwnPassword(input: ChangeOwnPasswordInput): Promise<boolean> {
  return (await gqlRequest(ChangeOwnPasswordDocument, { input })).changeOwnPassword;
}

export function useChangeOwnPassword() {
  return useMutation({ mutationFn: changeOwnPassword });
}
