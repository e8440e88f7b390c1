import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ReceiverInput,
  UpdateReceiverMutation,
  UpdateReceiverMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { RECEIVER_FIELDS } from './list-receivers';

export const UpdateReceiverDocument = graphql<UpdateReceiverMutation, UpdateReceiverMutationVariables>(`
  mutation UpdateReceiver($id: ID!, $input: ReceiverInput!) {
    updateReceiver(id: $id, input: $input) { ${RECEIVER_FIELDS} }
  }
`);

export async function updateReceiver(v: { id: string; input: ReceiverInput }) {
  return (await gqlRequest(UpdateReceiverDocument, v)).updateReceiver;
}

export function useUpdateReceiver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateReceiver,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.receivers() }),
  });
}
