import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateImagePolicyMutation,
  CreateImagePolicyMutationVariables,
  DeleteImagePolicyMutation,
  DeleteImagePolicyMutationVariables,
  ImagePolicyInput,
  ImagePolicyPreviewInput,
  PreviewImagePolicyQuery,
  PreviewImagePolicyQueryVariables,
  UpdateImagePolicyMutation,
  UpdateImagePolicyMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';
import { IMAGE_POLICY_FIELDS } from './list-image-policies';

export const CreateImagePolicyDocument = graphql<CreateImagePolicyMutation, CreateImagePolicyMutationVariables>(`
  mutation CreateImagePolicy($input: ImagePolicyInput!) {
    createImagePolicy(input: $input) { ${IMAGE_POLICY_FIELDS} }
  }
`);

export const UpdateImagePolicyDocument = graphql<UpdateImagePolicyMutation, UpdateImagePolicyMutationVariables>(`
  mutation UpdateImagePolicy($id: ID!, $input: ImagePolicyInput!) {
    updateImagePolicy(id: $id, input: $input) { ${IMAGE_POLICY_FIELDS} }
  }
`);

export const DeleteImagePolicyDocument = graphql<DeleteImagePolicyMutation, DeleteImagePolicyMutationVariables>(`
  mutation DeleteImagePolicy($id: ID!) {
    deleteImagePolicy(id: $id)
  }
`);

export const PreviewImagePolicyDocument = graphql<PreviewImagePolicyQuery, PreviewImagePolicyQueryVariables>(`
  query PreviewImagePolicy($input: ImagePolicyPreviewInput!) {
    imagePolicyPreview(input: $input) {
      tag
      message
      tagCount
    }
  }
`);

/** Creates when `id` is null, else replaces the spec and labels. */
export function useSaveImagePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: ImagePolicyInput }) =>
      id
        ? (await gqlRequest(UpdateImagePolicyDocument, { id, input })).updateImagePolicy
        : (await gqlRequest(CreateImagePolicyDocument, { input })).createImagePolicy,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

export function useDeleteImagePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await gqlRequest(DeleteImagePolicyDocument, { id })).deleteImagePolicy,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

/** The tag the policy being edited would pick now; off while the form's policy part is invalid (null). */
export function useImagePolicyPreview(input: ImagePolicyPreviewInput | null) {
  return useQuery(
    queryOptions({
      queryKey: [...imageKeys.policies(), 'preview', input] as const,
      queryFn: async () => (await gqlRequest(PreviewImagePolicyDocument, { input: input! })).imagePolicyPreview,
      enabled: input !== null,
      placeholderData: keepPreviousData,
    }),
  );
}
