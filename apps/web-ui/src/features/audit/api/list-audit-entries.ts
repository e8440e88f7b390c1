import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  AuditFilterInput,
  ListAuditEntriesQuery,
  ListAuditEntriesQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { auditKeys } from './audit-keys';

export const AUDIT_PAGE_SIZE = 50;

export const ListAuditEntriesDocument = graphql<ListAuditEntriesQuery, ListAuditEntriesQueryVariables>(`
  query ListAuditEntries($filter: AuditFilterInput, $first: Int, $after: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          createdAt
          actorName
          actorKind
          action
          targetType
          targetId
          details
          ip
          userAgent
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type AuditEntry = ListAuditEntriesQuery['auditEntries']['edges'][number]['node'];

export async function listAuditEntries(filter: AuditFilterInput, after: string | null) {
  return (await gqlRequest(ListAuditEntriesDocument, { filter, first: AUDIT_PAGE_SIZE, after })).auditEntries;
}

export const auditListQuery = (filter: AuditFilterInput, after: string | null) =>
  queryOptions({
    queryKey: auditKeys.list(filter, after),
    queryFn: () => listAuditEntries(filter, after),
    placeholderData: keepPreviousData,
  });

export function useAuditEntries(filter: AuditFilterInput, after: string | null) {
  return useQuery(auditListQuery(filter, after));
}
