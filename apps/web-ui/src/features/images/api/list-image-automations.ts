import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListImageUpdateAutomationsQuery,
  ListImageUpdateAutomationsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';

export const ListImageUpdateAutomationsDocument = graphql<
  ListImageUpdateAutomationsQuery,
  ListImageUpdateAutomationsQueryVariables
>(`
  query ListImageUpdateAutomations {
    imageUpdateAutomations {
      id
      namespace
      name
      source
      checkoutBranch
      pushBranch
      updatePath
      mode
      requiredApprovals
      approverTeam
      policySelector
      mergeStrategy
      provider
      providerApiUrl
      providerRepository
      providerTokenSet
      suspend
      ready
      message
      warnings
      lastPushCommit
      lastAutomationRunTime
    }
  }
`);

export type ImageUpdateAutomation = ListImageUpdateAutomationsQuery['imageUpdateAutomations'][number];

export async function listImageUpdateAutomations(): Promise<ImageUpdateAutomation[]> {
  return (await gqlRequest(ListImageUpdateAutomationsDocument)).imageUpdateAutomations;
}

export function useImageUpdateAutomations() {
  return useQuery(queryOptions({ queryKey: imageKeys.automations(), queryFn: listImageUpdateAutomations }));
}
