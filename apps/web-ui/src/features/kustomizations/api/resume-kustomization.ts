import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  ResumeKustomizationMutation,
  ResumeKustomizationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const ResumeKustomizationDocument = graphql<
  ResumeKustomizationMutation,
  ResumeKustomizationMutationVariables
>(`
  mutation ResumeKustomization($id: ID!) {
    resume(kind: Kustomization, id: $id)
  }
`);

export async function resumeKustomization(id: string): Promise<boolean> {
  return (await gqlRequest(ResumeKustomizationDocument, { id })).resume;
}

export function useResumeKustomization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeKustomization,
    onSuccess: (_ok, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: kustomizationKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: kustomizationKeys.detail(id) }),
      ]),
  });
}
