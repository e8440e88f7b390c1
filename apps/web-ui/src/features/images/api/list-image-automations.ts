import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListImageUpdateAutomationsQuery,
  ListImageUpdateAutomationsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';

export const IMAGE_AUTOMATION_FIELDS = `
      id
      namespace
      name
      source
      checkoutBranch
      pushBranch
      authorName
      authorEmail
      messageTemplate
      interval
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
      autoMergeAfter
      autoMergeRequiresApproval
      suspend
      ready
      message
      warnings
      lastPushCommit
      lastAutomationRunTime`;

export const ListImageUpdateAutomationsDocument = graphql<
  ListImageUpdateAutomationsQuery,
  ListImageUpdateAutomationsQueryVariables
>(`
  query ListImageUpdateAutomations {
    imageUpdateAutomations { ${IMAGE_AUTOMATION_FIELDS} ${MANAGED_BY_GIT_FIELDS} }
  }
`);

export type ImageUpdateAutomation = ListImageUpdateAutomationsQuery['imageUpdateAutomations'][number];

export async function listImageUpdateAutomations(): Promise<ImageUpdateAutomation[]> {
  return (await gqlRequest(ListImageUpdateAutomationsDocument)).imageUpdateAutomations;
}

export function useImageUpdateAutomations() {
  return useQuery(queryOptions({ queryKey: imageKeys.automations(), queryFn: listImageUpdateAutomations }));
}
