import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListImageRepositoriesQuery,
  ListImageRepositoriesQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { imageKeys } from './image-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';

export const IMAGE_REPOSITORY_FIELDS =
  'id namespace name image interval timeout exclusionList insecure suspend credentialsKind canonicalImageName ready message tags lastScanResult { tagCount scanTime latestTags }';

export const ListImageRepositoriesDocument = graphql<
  ListImageRepositoriesQuery,
  ListImageRepositoriesQueryVariables
>(`
  query ListImageRepositories {
    imageRepositories { ${IMAGE_REPOSITORY_FIELDS} ${MANAGED_BY_GIT_FIELDS} }
  }
`);

export type ImageRepository = ListImageRepositoriesQuery['imageRepositories'][number];

export async function listImageRepositories(): Promise<ImageRepository[]> {
  return (await gqlRequest(ListImageRepositoriesDocument)).imageRepositories;
}

export function useImageRepositories() {
  return useQuery(queryOptions({ queryKey: imageKeys.repositories(), queryFn: listImageRepositories }));
}
