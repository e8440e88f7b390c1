import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  DeleteAlertMutation,
  DeleteAlertMutationVariables,
  DeleteNotificationProviderMutation,
  DeleteNotificationProviderMutationVariables,
  DeleteReceiverMutation,
  DeleteReceiverMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';

export const DeleteNotificationProviderDocument = graphql<
  DeleteNotificationProviderMutation,
  DeleteNotificationProviderMutationVariables
>(`
  mutation DeleteNotificationProvider($id: ID!) {
    deleteNotificationProvider(id: $id)
  }
`);
export const DeleteAlertDocument = graphql<DeleteAlertMutation, DeleteAlertMutationVariables>(`
  mutation DeleteAlert($id: ID!) {
    deleteAlert(id: $id)
  }
`);
export const DeleteReceiverDocument = graphql<DeleteReceiverMutation, DeleteReceiverMutationVariables>(`
  mutation DeleteReceiver($id: ID!) {
    deleteReceiver(id: $id)
  }
`);

/** Deleting a Provider or an Alert changes both lists (an Alert names its Provider), so both are refetched. */
export function useDeleteNotificationObject(kind: 'provider' | 'alert' | 'receiver') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      if (kind === 'provider') await gqlRequest(DeleteNotificationProviderDocument, { id });
      else if (kind === 'alert') await gqlRequest(DeleteAlertDocument, { id });
      else await gqlRequest(DeleteReceiverDocument, { id });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
