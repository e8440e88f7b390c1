import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateHelmReleaseMutation,
  CreateHelmReleaseMutationVariables,
  CreateHelmRepositoryMutation,
  CreateHelmRepositoryMutationVariables,
  DeleteHelmReleaseMutation,
  DeleteHelmReleaseMutationVariables,
  DeleteHelmRepositoryMutation,
  DeleteHelmRepositoryMutationVariables,
  HelmReleaseInput,
  HelmRepositoryInput,
  ReconcileHelmRepositoryMutation,
  ReconcileHelmRepositoryMutationVariables,
  SetHelmRepositoryCredentialsMutation,
  SetHelmRepositoryCredentialsMutationVariables,
  UpdateHelmReleaseMutation,
  UpdateHelmReleaseMutationVariables,
  UpdateHelmRepositoryMutation,
  UpdateHelmRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { hubHelmKey } from './list-hub-helm';

// Writes of hub HelmRepositories and HelmReleases; each refreshes the Helm page's read.

export const CreateHelmRepositoryDocument = graphql<CreateHelmRepositoryMutation, CreateHelmRepositoryMutationVariables>(`
  mutation CreateHelmRepository($input: HelmRepositoryInput!) {
    createHelmRepository(input: $input) { id name }
  }
`);

export const UpdateHelmRepositoryDocument = graphql<UpdateHelmRepositoryMutation, UpdateHelmRepositoryMutationVariables>(`
  mutation UpdateHelmRepository($id: ID!, $input: HelmRepositoryInput!) {
    updateHelmRepository(id: $id, input: $input) { id name }
  }
`);

export const SetHelmRepositoryCredentialsDocument = graphql<SetHelmRepositoryCredentialsMutation, SetHelmRepositoryCredentialsMutationVariables>(`
  mutation SetHelmRepositoryCredentials($id: ID!, $input: HelmRepositorySecretsInput!) {
    setHelmRepositoryCredentials(id: $id, input: $input) { id name credentialsKind hasCaCertificate hasClientCertificate }
  }
`);

export const DeleteHelmRepositoryDocument = graphql<DeleteHelmRepositoryMutation, DeleteHelmRepositoryMutationVariables>(`
  mutation DeleteHelmRepository($id: ID!) {
    deleteHelmRepository(id: $id)
  }
`);

export const ReconcileHelmRepositoryDocument = graphql<ReconcileHelmRepositoryMutation, ReconcileHelmRepositoryMutationVariables>(`
  mutation ReconcileHelmRepository($id: ID!) {
    reconcileHelmRepository(id: $id)
  }
`);

export const CreateHelmReleaseDocument = graphql<CreateHelmReleaseMutation, CreateHelmReleaseMutationVariables>(`
  mutation CreateHelmRelease($input: HelmReleaseInput!) {
    createHelmRelease(input: $input) { id name }
  }
`);

export const UpdateHelmReleaseDocument = graphql<UpdateHelmReleaseMutation, UpdateHelmReleaseMutationVariables>(`
  mutation UpdateHelmRelease($id: ID!, $input: HelmReleaseInput!) {
    updateHelmRelease(id: $id, input: $input) { id name }
  }
`);

export const DeleteHelmReleaseDocument = graphql<DeleteHelmReleaseMutation, DeleteHelmReleaseMutationVariables>(`
  mutation DeleteHelmRelease($id: ID!) {
    deleteHelmRelease(id: $id)
  }
`);

function useRefreshing<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: hubHelmKey }) });
}

/** Creates when `id` is null; on update the stored credentials are kept unless new ones (or clearCredentials) are sent. */
export const useSaveHelmRepository = () =>
  useRefreshing(async ({ id, input }: { id: string | null; input: HelmRepositoryInput }) =>
    id ? (await gqlRequest(UpdateHelmRepositoryDocument, { id, input })).updateHelmRepository : (await gqlRequest(CreateHelmRepositoryDocument, { input })).createHelmRepository,
  );

export const useDeleteHelmRepository = () => useRefreshing(async (id: string) => (await gqlRequest(DeleteHelmRepositoryDocument, { id })).deleteHelmRepository);

export const useReconcileHelmRepository = () => useRefreshing(async (id: string) => (await gqlRequest(ReconcileHelmRepositoryDocument, { id })).reconcileHelmRepository);

export const useSaveHelmRelease = () =>
  useRefreshing(async ({ id, input }: { id: string | null; input: HelmReleaseInput }) =>
    id ? (await gqlRequest(UpdateHelmReleaseDocument, { id, input })).updateHelmRelease : (await gqlRequest(CreateHelmReleaseDocument, { input })).createHelmRelease,
  );

export const useDeleteHelmRelease = () => useRefreshing(async (id: string) => (await gqlRequest(DeleteHelmReleaseDocument, { id })).deleteHelmRelease);

/** Only the hub-held credentials and TLS material: allowed on a HelmRepository git manages. */
export function useSetHelmRepositoryCredentials() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: SetHelmRepositoryCredentialsMutationVariables) =>
      (await gqlRequest(SetHelmRepositoryCredentialsDocument, vars)).setHelmRepositoryCredentials,
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: hubHelmKey }),
  });
}
