import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../graphql/typed-document';
import { gqlRequest } from '../graphql/request';
import type { Role, ViewerQuery, ViewerQueryVariables } from '../graphql/operation-types.gen';

// The signed-in user is shared by every feature (role checks, the header), so it lives in lib, not a feature.
export type { Role };
export type Viewer = ViewerQuery['viewer'];

export const ViewerDocument = graphql<ViewerQuery, ViewerQueryVariables>(`
  query Viewer {
    viewer {
      id
      username
      role
      highestRole
      passwordChangeRequired
    }
  }
`);

export const authKeys = {
  all: ['auth'] as const,
  viewer: () => [...authKeys.all, 'viewer'] as const,
};

export async function getViewer(): Promise<Viewer> {
  return (await gqlRequest(ViewerDocument)).viewer;
}

export const viewerQuery = () =>
  queryOptions({
    queryKey: authKeys.viewer(),
    queryFn: getViewer,
    staleTime: 5 * 60_000,
    retry: false,
  });

export function useViewer() {
  return useQuery(viewerQuery());
}
