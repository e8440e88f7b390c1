import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  ReconcileKustomizationMutation,
  ReconcileKustomizationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

// `flux reconcile kustomization --with-source`, fleet-wide or (clusterId) on one cluster.
export const ReconcileKustomizationDocument = graphql<
  ReconcileKustomizationMutation,
  ReconcileKustomizationMutationVariables
>(`
  mutation ReconcileKustomization($id: ID!, $clusterId: ID, $withSource: Boolean) {
    requestReconcile(input: { kind: Kustomization, id: $id, clusterId: $clusterId, withSource: $withSource })
  }
`);

export interface ReconcileKustomizationVars {
  id: string;
  clusterId?: string | null;
  withSource: boolean;
}

export async function reconcileKustomization(vars: ReconcileKustomizationVars): Promise<boolean> {
  return (
    await gqlRequest(ReconcileKustomizationDocument, {
      id: vars.id,
      clusterId: vars.clusterId ?? null,
      withSource: vars.withSource,
    })
  ).requestReconcile;
}

export function useReconcileKustomization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reconcileKustomization,
    onSuccess: (_ok, { id }) => queryClient.invalidateQueries({ queryKey: kustomizationKeys.detail(id) }),
  });
}
