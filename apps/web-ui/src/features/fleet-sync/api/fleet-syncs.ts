import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateFleetSyncMutation,
  CreateFleetSyncMutationVariables,
  DeleteFleetSyncMutation,
  DeleteFleetSyncMutationVariables,
  FleetSyncInput,
  ListFleetSyncsQuery,
  ListFleetSyncsQueryVariables,
  ReconcileFleetSyncMutation,
  ReconcileFleetSyncMutationVariables,
  UpdateFleetSyncMutation,
  UpdateFleetSyncMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

const FLEET_SYNC_FIELDS = `id namespace name sourceNamespace sourceName sourceUrl path interval prune suspend
  provider providerApiUrl providerRepository providerTokenSet
  ready reason message lastAppliedRevision lastAttemptedRevision
  problems { file line kind name field message } inventory { kind id namespace name file }`;

export const ListFleetSyncsDocument = graphql<ListFleetSyncsQuery, ListFleetSyncsQueryVariables>(`
  query ListFleetSyncs {
    fleetSyncs { ${FLEET_SYNC_FIELDS} }
  }
`);
export const CreateFleetSyncDocument = graphql<CreateFleetSyncMutation, CreateFleetSyncMutationVariables>(`
  mutation CreateFleetSync($input: FleetSyncInput!) {
    createFleetSync(input: $input) { ${FLEET_SYNC_FIELDS} }
  }
`);
export const UpdateFleetSyncDocument = graphql<UpdateFleetSyncMutation, UpdateFleetSyncMutationVariables>(`
  mutation UpdateFleetSync($id: ID!, $input: FleetSyncInput!) {
    updateFleetSync(id: $id, input: $input) { ${FLEET_SYNC_FIELDS} }
  }
`);
export const DeleteFleetSyncDocument = graphql<DeleteFleetSyncMutation, DeleteFleetSyncMutationVariables>(`
  mutation DeleteFleetSync($id: ID!) {
    deleteFleetSync(id: $id)
  }
`);
export const ReconcileFleetSyncDocument = graphql<
  ReconcileFleetSyncMutation,
  ReconcileFleetSyncMutationVariables
>(`
  mutation ReconcileFleetSync($id: ID!) {
    reconcileFleetSync(id: $id)
  }
`);

export type FleetSync = ListFleetSyncsQuery['fleetSyncs'][number];

const keys = { all: ['fleet-syncs'] as const };

export const fleetSyncListQuery = () =>
  queryOptions({
    queryKey: keys.all,
    queryFn: async () => (await gqlRequest(ListFleetSyncsDocument)).fleetSyncs,
  });

export function useFleetSyncs() {
  return useQuery(fleetSyncListQuery());
}

function useFleetSyncMutation<V>(run: (v: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  });
}

export const useCreateFleetSync = () =>
  useFleetSyncMutation((input: FleetSyncInput) => gqlRequest(CreateFleetSyncDocument, { input }));
export const useUpdateFleetSync = () =>
  useFleetSyncMutation(({ id, input }: { id: string; input: FleetSyncInput }) =>
    gqlRequest(UpdateFleetSyncDocument, { id, input }),
  );
export const useDeleteFleetSync = () =>
  useFleetSyncMutation((id: string) => gqlRequest(DeleteFleetSyncDocument, { id }));
/** Reads the path again from the source's current revision; answers once applied (the outcome is in the status). */
export const useReconcileFleetSync = () =>
  useFleetSyncMutation((id: string) => gqlRequest(ReconcileFleetSyncDocument, { id }));

/** `{ GitRepository: 1, Kustomization: 3 }` → "1 GitRepository, 3 Kustomizations". */
export function countsPerKind(inventory: readonly { kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const o of inventory) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`)
    .join(', ');
}
