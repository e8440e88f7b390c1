import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateImageUpdateAutomationMutation,
  CreateImageUpdateAutomationMutationVariables,
  DeleteImageUpdateAutomationMutation,
  DeleteImageUpdateAutomationMutationVariables,
  ImageUpdateAutomationInput,
  UpdateImageUpdateAutomationMutation,
  UpdateImageUpdateAutomationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';
import { IMAGE_AUTOMATION_FIELDS } from './list-image-automations';

export const CreateImageUpdateAutomationDocument = graphql<
  CreateImageUpdateAutomationMutation,
  CreateImageUpdateAutomationMutationVariables
>(`
  mutation CreateImageUpdateAutomation($input: ImageUpdateAutomationInput!) {
    createImageUpdateAutomation(input: $input) { ${IMAGE_AUTOMATION_FIELDS} }
  }
`);

export const UpdateImageUpdateAutomationDocument = graphql<
  UpdateImageUpdateAutomationMutation,
  UpdateImageUpdateAutomationMutationVariables
>(`
  mutation UpdateImageUpdateAutomation($id: ID!, $input: ImageUpdateAutomationInput!) {
    updateImageUpdateAutomation(id: $id, input: $input) { ${IMAGE_AUTOMATION_FIELDS} }
  }
`);

export const DeleteImageUpdateAutomationDocument = graphql<
  DeleteImageUpdateAutomationMutation,
  DeleteImageUpdateAutomationMutationVariables
>(`
  mutation DeleteImageUpdateAutomation($id: ID!) {
    deleteImageUpdateAutomation(id: $id)
  }
`);

/** Creates when `id` is null, else replaces the automation's settings; either runs it once at once. */
export function useSaveImageAutomation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string | null; input: ImageUpdateAutomationInput }) =>
      id
        ? (await gqlRequest(UpdateImageUpdateAutomationDocument, { id, input })).updateImageUpdateAutomation
        : (await gqlRequest(CreateImageUpdateAutomationDocument, { input })).createImageUpdateAutomation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}

export function useDeleteImageAutomation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await gqlRequest(DeleteImageUpdateAutomationDocument, { id })).deleteImageUpdateAutomation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all }),
  });
}
