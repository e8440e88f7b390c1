import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  AlertInput,
  CreateAlertMutation,
  CreateAlertMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { ALERT_FIELDS } from './list-alerts';

export const CreateAlertDocument = graphql<CreateAlertMutation, CreateAlertMutationVariables>(`
  mutation CreateAlert($input: AlertInput!) {
    createAlert(input: $input) { ${ALERT_FIELDS} }
  }
`);

export async function createAlert(input: AlertInput) {
  return (await gqlRequest(CreateAlertDocument, { input })).createAlert;
}

export function useCreateAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.alerts() }),
  });
}
