import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateReceiverMutation,
  CreateReceiverMutationVariables,
  ReceiverInput,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { RECEIVER_FIELDS } from './list-receivers';

export const CreateReceiverDocument = graphql<CreateReceiverMutation, CreateReceiverMutationVariables>(`
  mutation CreateReceiver($input: ReceiverInput!) {
    createReceiver(input: $input) { token receiver { ${RECEIVER_FIELDS} } }
  }
`);

export async function createReceiver(input: ReceiverInput) {
  return (await gqlRequest(CreateReceiverDocument, { input })).createReceiver;
}

export function useCreateReceiver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createReceiver,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.receivers() }),
  });
}
