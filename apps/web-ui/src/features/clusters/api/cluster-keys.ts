// The one query-key factory of the clusters feature: every query and invalidation goes through it.
export interface ClusterListFilters {
  selector: string;
  after: string | null;
  first: number;
}

export const clusterKeys = {
  all: ['clusters'] as const,
  lists: () => [...clusterKeys.all, 'list'] as const,
  list: (filters: ClusterListFilters) => [...clusterKeys.lists(), filters] as const,
  details: () => [...clusterKeys.all, 'detail'] as const,
  detail: (id: string) => [...clusterKeys.details(), id] as const,
};

// What runs on a cluster. Separate branches of the tree, so realtime can stale a cluster's
// Kustomization rows or events without refetching its details.
export const clusterGitOpsKeys = {
  allKustomizations: () => [...clusterKeys.all, 'kustomizations'] as const,
  kustomizations: (clusterId: string) => [...clusterGitOpsKeys.allKustomizations(), clusterId] as const,
  allEvents: () => [...clusterKeys.all, 'events'] as const,
  events: (clusterId: string) => [...clusterGitOpsKeys.allEvents(), clusterId] as const,
};
