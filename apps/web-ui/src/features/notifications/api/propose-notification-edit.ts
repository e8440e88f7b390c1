import { useMutation } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  AlertInput,
  NotificationProviderInput,
  ProposeAlertEditMutation,
  ProposeAlertEditMutationVariables,
  ProposeProviderEditMutation,
  ProposeProviderEditMutationVariables,
  ProposeReceiverEditMutation,
  ProposeReceiverEditMutationVariables,
  ReceiverInput,
} from '../../../lib/graphql/operation-types.gen';

// For notification objects managed by git: the edit is committed to the object's file on a new branch as a
// proposal, not applied. Nothing at the hub changes until the proposal is merged.

export const ProposeProviderEditDocument = graphql<ProposeProviderEditMutation, ProposeProviderEditMutationVariables>(`
  mutation ProposeProviderEdit($id: ID!, $input: NotificationProviderInput!) {
    proposeProviderEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export const ProposeAlertEditDocument = graphql<ProposeAlertEditMutation, ProposeAlertEditMutationVariables>(`
  mutation ProposeAlertEdit($id: ID!, $input: AlertInput!) {
    proposeAlertEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export const ProposeReceiverEditDocument = graphql<ProposeReceiverEditMutation, ProposeReceiverEditMutationVariables>(`
  mutation ProposeReceiverEdit($id: ID!, $input: ReceiverInput!) {
    proposeReceiverEdit(id: $id, input: $input) {
      id
      headBranch
    }
  }
`);

export function useProposeProviderEdit() {
  return useMutation({
    mutationFn: async (vars: { id: string; input: NotificationProviderInput }) => (await gqlRequest(ProposeProviderEditDocument, vars)).proposeProviderEdit,
  });
}

export function useProposeAlertEdit() {
  return useMutation({
    mutationFn: async (vars: { id: string; input: AlertInput }) => (await gqlRequest(ProposeAlertEditDocument, vars)).proposeAlertEdit,
  });
}

export function useProposeReceiverEdit() {
  return useMutation({
    mutationFn: async (vars: { id: string; input: ReceiverInput }) => (await gqlRequest(ProposeReceiverEditDocument, vars)).proposeReceiverEdit,
  });
}
