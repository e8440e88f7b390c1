import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListImagePoliciesQuery,
  ListImagePoliciesQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';

export const ListImagePoliciesDocument = graphql<ListImagePoliciesQuery, ListImagePoliciesQueryVariables>(`
  query ListImagePolicies {
    imagePolicies {
      id
      namespace
      name
      imageRepository
      policy
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
      }
    }
  }
`);

export type ImagePolicy = ListImagePoliciesQuery['imagePolicies'][number];

export async function listImagePolicies(): Promise<ImagePolicy[]> {
  return (await gqlRequest(ListImagePoliciesDocument)).imagePolicies;
}

export function useImagePolicies() {
  return useQuery(queryOptions({ queryKey: imageKeys.policies(), queryFn: listImagePolicies }));
}
