import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  KustomizationInput,
  UpdateKustomizationMutation,
  UpdateKustomizationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const UpdateKustomizationDocument = graphql<
  UpdateKustomizationMutation,
  UpdateKustomizationMutationVariables
>(`
  mutation UpdateKustomization($id: ID!, $input: KustomizationInput!) {
    updateKustomization(id: $id, input: $input) {
      id
      name
    }
  }
`);

export async function updateKustomization(vars: { id: string; input: KustomizationInput }) {
  return (await gqlRequest(UpdateKustomizationDocument, vars)).updateKustomization;
}

export function useUpdateKustomization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateKustomization,
    onSuccess: (_r, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: kustomizationKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: kustomizationKeys.detail(id) }),
      ]),
  });
}
