import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListUpdateProposalsQuery,
  ListUpdateProposalsQueryVariables,
  OpenProposalCountQuery,
  OpenProposalCountQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { proposalKeys } from './proposal-keys';

export const ListUpdateProposalsDocument = graphql<
  ListUpdateProposalsQuery,
  ListUpdateProposalsQueryVariables
>(`
  query ListUpdateProposals($open: Boolean) {
    updateProposals(open: $open) {
      id
      automation
      fleetEdit {
        fleetSync
        kind
        namespace
        name
        action
      }
      state
      baseBranch
      headCommit
      requiredApprovals
      updatedAt
      approvals {
        username
      }
      imageChanges {
        policy
        oldValue
        newValue
      }
      clusterDiffs {
        cluster
      }
    }
  }
`);

export const OpenProposalCountDocument = graphql<OpenProposalCountQuery, OpenProposalCountQueryVariables>(`
  query OpenProposalCount {
    openProposalCount
  }
`);

export type ProposalSummary = ListUpdateProposalsQuery['updateProposals'][number];

export function useProposals(open: boolean) {
  return useQuery(
    queryOptions({
      queryKey: proposalKeys.list(open),
      queryFn: async () => (await gqlRequest(ListUpdateProposalsDocument, { open })).updateProposals,
    }),
  );
}

export function useOpenProposalCount() {
  return useQuery(
    queryOptions({
      queryKey: proposalKeys.openCount(),
      queryFn: async () => (await gqlRequest(OpenProposalCountDocument)).openProposalCount,
    }),
  );
}
