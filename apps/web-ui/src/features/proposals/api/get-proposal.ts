import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-error';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  GetUpdateProposalQuery,
  GetUpdateProposalQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { proposalKeys } from './proposal-keys';

export const PROPOSAL_FIELDS = `
  id automation state baseBranch
  fleetEdit { fleetSyncId fleetSync kind namespace name objectId file action proposedBy } headBranch baseCommit headCommit message requiredApprovals
  rejectedReason mergedCommit closedBy createdAt updatedAt closedAt forgeUrl forgeNumber forgeError
  files { path diff before after }
  imageChanges { file object setter policy oldValue newValue }
  clusterDiffs { kustomization helmRelease cluster added removed error hiddenVariables note changed { object fields before after } }
  approvals { username comment at }
  manualEdits { path username at }
  conflictFiles
  rollout { kustomization cluster phase revision message }
`;

export const GetUpdateProposalDocument = graphql<GetUpdateProposalQuery, GetUpdateProposalQueryVariables>(`
  query GetUpdateProposal($id: ID!) {
    updateProposal(id: $id) { ${PROPOSAL_FIELDS} }
  }
`);

export type Proposal = NonNullable<GetUpdateProposalQuery['updateProposal']>;

export function useProposal(id: string) {
  return useQuery(
    queryOptions({
      queryKey: proposalKeys.detail(id),
      queryFn: async (): Promise<Proposal> => {
        const { updateProposal } = await gqlRequest(GetUpdateProposalDocument, { id });
        if (!updateProposal) throw new ApiError('NOT_FOUND', 'This proposal does not exist.');
        return updateProposal;
      },
    }),
  );
}
