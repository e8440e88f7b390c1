import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  AlertInput,
  UpdateAlertMutation,
  UpdateAlertMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { ALERT_FIELDS } from './list-alerts';

export const UpdateAlertDocument = graphql<UpdateAlertMutation, UpdateAlertMutationVariables>(`
  mutation UpdateAlert($id: ID!, $input: AlertInput!) {
    updateAlert(id: $id, input: $input) { ${ALERT_FIELDS} }
  }
`);

export async function updateAlert(v: { id: string; input: AlertInput }) {
  return (await gqlRequest(UpdateAlertDocument, v)).updateAlert;
}

export function useUpdateAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.alerts() }),
  });
}
