import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateUserInput,
  CreateUserMutation,
  CreateUserMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { USER_FIELDS } from './people-types';

export const CreateUserDocument = graphql<CreateUserMutation, CreateUserMutationVariables>(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { user { ${USER_FIELDS} } oneTimePassword }
  }
`);

export async function createUser(input: CreateUserInput) {
  return (await gqlRequest(CreateUserDocument, { input })).createUser;
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.users() }),
  });
}
