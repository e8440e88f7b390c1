// The one query-key factory of the proposals feature (the inbox, its badge count, each proposal page).
export const proposalKeys = {
  all: ['proposals'] as const,
  list: (open: boolean) => [...proposalKeys.all, 'list', { open }] as const,
  openCount: () => [...proposalKeys.all, 'open-count'] as const,
  details: () => [...proposalKeys.all, 'detail'] as const,
  detail: (id: string) => [...proposalKeys.details(), id] as const,
};
