import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListApiTokensQuery,
  ListApiTokensQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { API_TOKEN_FIELDS, type ApiToken } from './people-types';

export const ListApiTokensDocument = graphql<ListApiTokensQuery, ListApiTokensQueryVariables>(`
  query ListApiTokens($userId: ID) {
    apiTokens(userId: $userId) { ${API_TOKEN_FIELDS} }
  }
`);

/** The viewer's tokens, or (admins) another user's. */
export async function listApiTokens(userId?: string): Promise<ApiToken[]> {
  return (await gqlRequest(ListApiTokensDocument, { userId: userId ?? null })).apiTokens;
}

export const apiTokenListQuery = (userId?: string) =>
  queryOptions({ queryKey: peopleKeys.tokens(userId), queryFn: () => listApiTokens(userId) });

export function useApiTokens(userId?: string) {
  return useQuery(apiTokenListQuery(userId));
}
