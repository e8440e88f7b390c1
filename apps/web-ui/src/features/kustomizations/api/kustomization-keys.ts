// The one query-key factory of the Kustomizations feature.
export const kustomizationKeys = {
  all: ['kustomizations'] as const,
  lists: () => [...kustomizationKeys.all, 'list'] as const,
  list: () => [...kustomizationKeys.lists(), {}] as const,
  details: () => [...kustomizationKeys.all, 'detail'] as const,
  detail: (id: string) => [...kustomizationKeys.details(), id] as const,
  allEvents: () => [...kustomizationKeys.all, 'events'] as const,
  events: (id: string, clusterId: string) => [...kustomizationKeys.allEvents(), id, clusterId] as const,
  /** What the form's pickers read: sources to choose from, clusters a selector matches. */
  sourceOptions: () => [...kustomizationKeys.all, 'source-options'] as const,
  placementPreview: (selector: string) => [...kustomizationKeys.all, 'placement-preview', selector] as const,
};
