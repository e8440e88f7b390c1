import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ApproveUpdateProposalMutation,
  ApproveUpdateProposalMutationVariables,
  MergeUpdateProposalMutation,
  MergeUpdateProposalMutationVariables,
  RejectUpdateProposalMutation,
  RejectUpdateProposalMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { PROPOSAL_FIELDS } from './get-proposal';
import { proposalKeys } from './proposal-keys';

export const ApproveUpdateProposalDocument = graphql<
  ApproveUpdateProposalMutation,
  ApproveUpdateProposalMutationVariables
>(`
  mutation ApproveUpdateProposal($id: ID!, $comment: String) {
    approveUpdateProposal(id: $id, comment: $comment) { ${PROPOSAL_FIELDS} }
  }
`);

export const RejectUpdateProposalDocument = graphql<
  RejectUpdateProposalMutation,
  RejectUpdateProposalMutationVariables
>(`
  mutation RejectUpdateProposal($id: ID!, $reason: String!) {
    rejectUpdateProposal(id: $id, reason: $reason) { ${PROPOSAL_FIELDS} }
  }
`);

export const MergeUpdateProposalDocument = graphql<
  MergeUpdateProposalMutation,
  MergeUpdateProposalMutationVariables
>(`
  mutation MergeUpdateProposal($id: ID!) {
    mergeUpdateProposal(id: $id) { ${PROPOSAL_FIELDS} }
  }
`);

export type ReviewAction =
  { kind: 'approve'; comment: string } | { kind: 'reject'; reason: string } | { kind: 'merge' };

/** Approve, reject or merge; the answer is the proposal as it is now, which replaces the cached page. */
export function useReviewProposal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: ReviewAction) => {
      if (action.kind === 'approve')
        return (await gqlRequest(ApproveUpdateProposalDocument, { id, comment: action.comment || null }))
          .approveUpdateProposal;
      if (action.kind === 'reject')
        return (await gqlRequest(RejectUpdateProposalDocument, { id, reason: action.reason }))
          .rejectUpdateProposal;
      return (await gqlRequest(MergeUpdateProposalDocument, { id })).mergeUpdateProposal;
    },
    onSuccess: (proposal) => {
      queryClient.setQueryData(proposalKeys.detail(id), proposal);
      return queryClient.invalidateQueries({ queryKey: proposalKeys.all });
    },
  });
}
