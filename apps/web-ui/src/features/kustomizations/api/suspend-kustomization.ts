import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  SuspendKustomizationMutation,
  SuspendKustomizationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const SuspendKustomizationDocument = graphql<
  SuspendKustomizationMutation,
  SuspendKustomizationMutationVariables
>(`
  mutation SuspendKustomization($id: ID!) {
    suspend(kind: Kustomization, id: $id)
  }
`);

export async function suspendKustomization(id: string): Promise<boolean> {
  return (await gqlRequest(SuspendKustomizationDocument, { id })).suspend;
}

export function useSuspendKustomization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: suspendKustomization,
    onSuccess: (_ok, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: kustomizationKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: kustomizationKeys.detail(id) }),
      ]),
  });
}
