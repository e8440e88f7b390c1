import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ResumeDefinitionMutation,
  ResumeDefinitionMutationVariables,
  SuspendDefinitionMutation,
  SuspendDefinitionMutationVariables,
  SuspendKind,
} from '../../../lib/graphql/operation-types.gen';

// `flux suspend` / `flux resume` of a hub object of any kind with spec.suspend: the hub sets spec.suspend
// alone, so it works on an object a FleetSync manages as well as on a hand-made one (a full update would be
// refused on the first). Every Suspend and Resume control of the hub's objects goes through here.

export const SuspendDefinitionDocument = graphql<SuspendDefinitionMutation, SuspendDefinitionMutationVariables>(`
  mutation SuspendDefinition($kind: SuspendKind!, $id: ID!) {
    suspend(kind: $kind, id: $id)
  }
`);

export const ResumeDefinitionDocument = graphql<ResumeDefinitionMutation, ResumeDefinitionMutationVariables>(`
  mutation ResumeDefinition($kind: SuspendKind!, $id: ID!) {
    resume(kind: $kind, id: $id)
  }
`);

export async function setSuspended(kind: SuspendKind, id: string, suspend: boolean): Promise<boolean> {
  return suspend
    ? (await gqlRequest(SuspendDefinitionDocument, { kind, id })).suspend
    : (await gqlRequest(ResumeDefinitionDocument, { kind, id })).resume;
}

/**
 * Suspends (`suspend: true`) or resumes objects of one kind by id; on success the queries `invalidate` names
 * for that id are read again, so the page shows the new state.
 */
export function useSetSuspended(kind: SuspendKind, suspend: boolean, invalidate: (id: string) => readonly QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => setSuspended(kind, id, suspend),
    onSuccess: (_ok, id) => Promise.all(invalidate(id).map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
