import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  CreateKustomizationMutation,
  CreateKustomizationMutationVariables,
  KustomizationInput,
} from '../../../lib/graphql/operation-types.gen';

export const CreateKustomizationDocument = graphql<
  CreateKustomizationMutation,
  CreateKustomizationMutationVariables
>(`
  mutation CreateKustomization($input: KustomizationInput!) {
    createKustomization(input: $input) {
      id
      name
    }
  }
`);

export async function createKustomization(input: KustomizationInput) {
  return (await gqlRequest(CreateKustomizationDocument, { input })).createKustomization;
}

export function useCreateKustomization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createKustomization,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kustomizationKeys.lists() }),
  });
}
