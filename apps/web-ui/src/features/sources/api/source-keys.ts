// The one query-key factory of the sources feature (GitRepositories and OCIRepositories).
export const sourceKeys = {
  all: ['sources'] as const,
  lists: () => [...sourceKeys.all, 'list'] as const,
  list: () => [...sourceKeys.lists(), {}] as const,
  details: () => [...sourceKeys.all, 'detail'] as const,
  detail: (id: string) => [...sourceKeys.details(), id] as const,
  // OCIRepositories under their own branch, so a GitRepository event leaves them alone and the other way round.
  oci: () => [...sourceKeys.all, 'oci'] as const,
  ociList: () => [...sourceKeys.oci(), 'list'] as const,
  ociDetails: () => [...sourceKeys.oci(), 'detail'] as const,
  ociDetail: (id: string) => [...sourceKeys.ociDetails(), id] as const,
};
