import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ImagePolicyInput,
  ImageRepositoryInput,
  ImageUpdateAutomationInput,
  ProposeImageUpdateAutomationEditMutation,
  ProposeImageUpdateAutomationEditMutationVariables,
  ProposeImagePolicyEditMutation,
  ProposeImagePolicyEditMutationVariables,
  ProposeImageRepositoryEditMutation,
  ProposeImageRepositoryEditMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

// For image objects managed by git: the edit is committed to the object's file on a new branch as a proposal,
// not applied. Nothing at the hub changes until the proposal is merged.

export const ProposeImageRepositoryEditDocument = graphql<ProposeImageRepositoryEditMutation, ProposeImageRepositoryEditMutationVariables>(`
  mutation ProposeImageRepositoryEdit($id: ID!, $input: ImageRepositoryInput!) {
    proposeImageRepositoryEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export const ProposeImagePolicyEditDocument = graphql<ProposeImagePolicyEditMutation, ProposeImagePolicyEditMutationVariables>(`
  mutation ProposeImagePolicyEdit($id: ID!, $input: ImagePolicyInput!) {
    proposeImagePolicyEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export const ProposeImageUpdateAutomationEditDocument = graphql<ProposeImageUpdateAutomationEditMutation, ProposeImageUpdateAutomationEditMutationVariables>(`
  mutation ProposeImageUpdateAutomationEdit($id: ID!, $input: ImageUpdateAutomationInput!) {
    proposeImageUpdateAutomationEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export function useProposeImageUpdateAutomationEdit() {
  return useMutation({
    mutationFn: async (vars: { id: string; input: ImageUpdateAutomationInput }) => (await gqlRequest(ProposeImageUpdateAutomationEditDocument, vars)).proposeImageUpdateAutomationEdit,
  });
}

export function useProposeImageRepositoryEdit() {
  return useMutation({
    mutationFn: async (vars: { id: string; input: ImageRepositoryInput }) => (await gqlRequest(ProposeImageRepositoryEditDocument, vars)).proposeImageRepositoryEdit,
  });
}

export function useProposeImagePolicyEdit() {
  return useMutation({
    mutationFn: async (vars: { id: string; input: ImagePolicyInput }) => (await gqlRequest(ProposeImagePolicyEditDocument, vars)).proposeImagePolicyEdit,
  });
}
