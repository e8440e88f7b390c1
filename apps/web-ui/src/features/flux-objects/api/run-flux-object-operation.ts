import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { fluxObjectKeys, type FluxObjectRef } from './flux-object-keys';
import type {
  FluxOperation,
  RunFluxObjectOperationMutation,
  RunFluxObjectOperationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

// `flux reconcile`, `flux suspend`, `flux resume` of one object, where its `operations` allow it.
export const RunFluxObjectOperationDocument = graphql<
  RunFluxObjectOperationMutation,
  RunFluxObjectOperationMutationVariables
>(`
  mutation RunFluxObjectOperation($ref: FluxObjectRefInput!, $operation: FluxOperation!) {
    runFluxObjectOperation(ref: $ref, operation: $operation)
  }
`);

export interface FluxObjectOperationVars {
  ref: FluxObjectRef;
  operation: FluxOperation;
}

export async function runFluxObjectOperation(vars: FluxObjectOperationVars): Promise<boolean> {
  return (await gqlRequest(RunFluxObjectOperationDocument, vars)).runFluxObjectOperation;
}

export function useRunFluxObjectOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runFluxObjectOperation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fluxObjectKeys.lists() }),
  });
}
