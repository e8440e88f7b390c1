import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateImageRepositoryMutation,
  CreateImageRepositoryMutationVariables,
  DeleteImageRepositoryMutation,
  DeleteImageRepositoryMutationVariables,
  ImageRepositoryInput,
  ScanImageRepositoryMutation,
  ScanImageRepositoryMutationVariables,
  SetImageRepositoryCredentialsMutation,
  SetImageRepositoryCredentialsMutationVariables,
  UpdateImageRepositoryMutation,
  UpdateImageRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';
import { IMAGE_REPOSITORY_FIELDS } from './list-image-repositories';

export const CreateImageRepositoryDocument = graphql<
  CreateImageRepositoryMutation,
  CreateImageRepositoryMutationVariables
>(`
  mutation CreateImageRepository($input: ImageRepositoryInput!) {
    createImageRepository(input: $input) { ${IMAGE_REPOSITORY_FIELDS} }
  }
`);

export const UpdateImageRepositoryDocument = graphql<
  UpdateImageRepositoryMutation,
  UpdateImageRepositoryMutationVariables
>(`
  mutation UpdateImageRepository($id: ID!, $input: ImageRepositoryInput!) {
    updateImageRepository(id: $id, input: $input) { ${IMAGE_REPOSITORY_FIELDS} }
  }
`);

// Only the registry credentials the hub holds: allowed on an ImageRepository git manages.
export const SetImageRepositoryCredentialsDocument = graphql<
  SetImageRepositoryCredentialsMutation,
  SetImageRepositoryCredentialsMutationVariables
>(`
  mutation SetImageRepositoryCredentials($id: ID!, $input: ImageRepositorySecretsInput!) {
    setImageRepositoryCredentials(id: $id, input: $input) { id credentialsKind }
  }
`);

export const DeleteImageRepositoryDocument = graphql<
  DeleteImageRepositoryMutation,
  DeleteImageRepositoryMutationVariables
>(`
  mutation DeleteImageRepository($id: ID!) {
    deleteImageRepository(id: $id)
  }
`);

export const ScanImageRepositoryDocument = graphql<
  ScanImageRepositoryMutation,
  ScanImageRepositoryMutationVariables
>(`
  mutation ScanImageRepository($id: ID!) {
    scanImageRepository(id: $id)
  }
`);

/** Creates when `id` is null, else replaces the spec (credentials kept unless given). */
export function useSaveImageRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: ImageRepositoryInput }) =>
      id
        ? (await gqlRequest(UpdateImageRepositoryDocument, { id, input })).updateImageRepository
        : (await gqlRequest(CreateImageRepositoryDocument, { input })).createImageRepository,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

export function useSetImageRepositoryCredentials() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: SetImageRepositoryCredentialsMutationVariables) =>
      (await gqlRequest(SetImageRepositoryCredentialsDocument, vars)).setImageRepositoryCredentials,
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

export function useDeleteImageRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await gqlRequest(DeleteImageRepositoryDocument, { id })).deleteImageRepository,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

export function useScanImageRepository() {
  return useMutation({
    mutationFn: async (id: string) =>
      (await gqlRequest(ScanImageRepositoryDocument, { id })).scanImageRepository,
  });
}
