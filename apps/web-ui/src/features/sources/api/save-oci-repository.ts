import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  CreateOciRepositoryMutation,
  CreateOciRepositoryMutationVariables,
  DeleteOciRepositoryMutation,
  DeleteOciRepositoryMutationVariables,
  OciRepositoryInput,
  ReconcileOciRepositoryMutation,
  ReconcileOciRepositoryMutationVariables,
  SetOciRepositoryCredentialsMutation,
  SetOciRepositoryCredentialsMutationVariables,
  UpdateOciRepositoryMutation,
  UpdateOciRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

// Writes of hub OCIRepositories. Suspend and resume are not here: they go through the shared `suspend` and
// `resume` mutations (flux-objects/api/set-suspended), which a git-managed OCIRepository allows too.

export const CreateOciRepositoryDocument = graphql<
  CreateOciRepositoryMutation,
  CreateOciRepositoryMutationVariables
>(`
  mutation CreateOciRepository($input: OCIRepositoryInput!) {
    createOciRepository(input: $input) {
      id
      name
    }
  }
`);

export const UpdateOciRepositoryDocument = graphql<
  UpdateOciRepositoryMutation,
  UpdateOciRepositoryMutationVariables
>(`
  mutation UpdateOciRepository($id: ID!, $input: OCIRepositoryInput!) {
    updateOciRepository(id: $id, input: $input) {
      id
      name
      suspend
    }
  }
`);

// Only what the hub holds instead of Secrets: allowed on an OCIRepository git manages.
export const SetOciRepositoryCredentialsDocument = graphql<
  SetOciRepositoryCredentialsMutation,
  SetOciRepositoryCredentialsMutationVariables
>(`
  mutation SetOciRepositoryCredentials($id: ID!, $input: OCIRepositorySecretsInput!) {
    setOciRepositoryCredentials(id: $id, input: $input) {
      id
      credentialsKind
      hasCaCertificate
      hasClientCertificate
      verifyPublicKeys { name pem }
    }
  }
`);

export const DeleteOciRepositoryDocument = graphql<
  DeleteOciRepositoryMutation,
  DeleteOciRepositoryMutationVariables
>(`
  mutation DeleteOciRepository($id: ID!) {
    deleteOciRepository(id: $id)
  }
`);

// `flux reconcile source oci`: the hub pulls now and a new artifact flows to the agents.
export const ReconcileOciRepositoryDocument = graphql<
  ReconcileOciRepositoryMutation,
  ReconcileOciRepositoryMutationVariables
>(`
  mutation ReconcileOciRepository($id: ID!) {
    reconcileOciRepository(id: $id)
  }
`);

/** Invalidates the list and, when the write named one, that OCIRepository's page. */
function useOciWrite<V, R>(fn: (v: V) => Promise<R>, idOf: (v: V) => string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // The input may hold credentials: never keep it in the mutation cache longer than the request.
    gcTime: 0,
    onSuccess: (_r, v) => {
      const id = idOf(v);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: sourceKeys.ociList() }),
        id ? queryClient.invalidateQueries({ queryKey: sourceKeys.ociDetail(id) }) : null,
      ]);
    },
  });
}

/** Creates when `id` is null; on update stored credentials are kept unless new ones (or clearCredentials) are sent. */
export const useSaveOciRepository = () =>
  useOciWrite(
    async ({ id, input }: { id: string | null; input: OciRepositoryInput }) =>
      id
        ? (await gqlRequest(UpdateOciRepositoryDocument, { id, input })).updateOciRepository
        : (await gqlRequest(CreateOciRepositoryDocument, { input })).createOciRepository,
    (v) => v.id,
  );

export const useSetOciRepositoryCredentials = () =>
  useOciWrite(
    async (vars: SetOciRepositoryCredentialsMutationVariables) =>
      (await gqlRequest(SetOciRepositoryCredentialsDocument, vars)).setOciRepositoryCredentials,
    (v) => String(v.id),
  );

export function useDeleteOciRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await gqlRequest(DeleteOciRepositoryDocument, { id })).deleteOciRepository,
    onSuccess: async (_ok, id) => {
      queryClient.removeQueries({ queryKey: sourceKeys.ociDetail(id) });
      await queryClient.invalidateQueries({ queryKey: sourceKeys.ociList() });
    },
  });
}

export const useReconcileOciRepository = () =>
  useOciWrite(
    async (id: string) => (await gqlRequest(ReconcileOciRepositoryDocument, { id })).reconcileOciRepository,
    (id) => id,
  );
