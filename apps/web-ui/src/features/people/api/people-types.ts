import type { ListApiTokensQuery, ListTeamsQuery, ListUsersQuery } from '../../../lib/graphql/operation-types.gen';

export const USER_FIELDS = 'id username role createdAt lastLoginAt disabled disabledAt passwordChangeRequired';
export const TEAM_FIELDS = 'id name createdAt members { userId username } grants { id role clusterSelector namespaces }';
export const API_TOKEN_FIELDS = 'id name userId username role createdAt expiresAt lastUsedAt revokedAt';

export type UserAccount = ListUsersQuery['users'][number];
export type ApiToken = ListApiTokensQuery['apiTokens'][number];
export type Team = ListTeamsQuery['teams'][number];
