import type { AuditFilterInput } from '../../../lib/graphql/operation-types.gen';

// The one query-key factory of the audit feature.
export const auditKeys = {
  all: ['audit'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
  list: (filter: AuditFilterInput, after: string | null) => [...auditKeys.lists(), filter, after] as const,
  actions: () => [...auditKeys.all, 'actions'] as const,
};
