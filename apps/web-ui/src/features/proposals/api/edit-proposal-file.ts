import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  EditUpdateProposalFileMutation,
  EditUpdateProposalFileMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { PROPOSAL_FIELDS } from './get-proposal';
import { proposalKeys } from './proposal-keys';

export const EditUpdateProposalFileDocument = graphql<
  EditUpdateProposalFileMutation,
  EditUpdateProposalFileMutationVariables
>(`
  mutation EditUpdateProposalFile($id: ID!, $path: String!, $content: String!) {
    editUpdateProposalFile(id: $id, path: $path, content: $content) { ${PROPOSAL_FIELDS} }
  }
`);

/** A hand edit of one file on the proposal's branch; the answer replaces the cached page. */
export function useEditProposalFile(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ path, content }: { path: string; content: string }) =>
      (await gqlRequest(EditUpdateProposalFileDocument, { id, path, content })).editUpdateProposalFile,
    onSuccess: (proposal) => {
      queryClient.setQueryData(proposalKeys.detail(id), proposal);
      return queryClient.invalidateQueries({ queryKey: proposalKeys.all });
    },
  });
}
