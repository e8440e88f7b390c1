import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListImagePoliciesQuery,
  ListImagePoliciesQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';

export const IMAGE_POLICY_FIELDS = `
      id
      namespace
      name
      imageRepository
      policy
      filterTags
      digestReflectionPolicy
      interval
      suspend
      ready
      message
      labels {
        key
        value
      }
      latestRef {
        name
        tag
        digest
      }
      observedPreviousRef {
        name
        tag
      }`;

export const ListImagePoliciesDocument = graphql<ListImagePoliciesQuery, ListImagePoliciesQueryVariables>(`
  query ListImagePolicies {
    imagePolicies { ${IMAGE_POLICY_FIELDS} ${MANAGED_BY_GIT_FIELDS} }
  }
`);

export type ImagePolicy = ListImagePoliciesQuery['imagePolicies'][number];

export async function listImagePolicies(): Promise<ImagePolicy[]> {
  return (await gqlRequest(ListImagePoliciesDocument)).imagePolicies;
}

export function useImagePolicies() {
  return useQuery(queryOptions({ queryKey: imageKeys.policies(), queryFn: listImagePolicies }));
}
