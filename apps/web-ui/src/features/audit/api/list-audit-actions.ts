import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListAuditActionsQuery,
  ListAuditActionsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { auditKeys } from './audit-keys';

export const ListAuditActionsDocument = graphql<ListAuditActionsQuery, ListAuditActionsQueryVariables>(`
  query ListAuditActions {
    auditActions
  }
`);

export async function listAuditActions(): Promise<string[]> {
  return (await gqlRequest(ListAuditActionsDocument)).auditActions;
}

export const auditActionsQuery = () =>
  queryOptions({ queryKey: auditKeys.actions(), queryFn: listAuditActions, staleTime: Infinity });

export function useAuditActions() {
  return useQuery(auditActionsQuery());
}
