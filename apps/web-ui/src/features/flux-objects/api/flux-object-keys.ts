import { FLUX_KINDS, type FluxKindName } from '@flotilla/reconcile-core/kinds';
import type { FluxObjectFilters } from '../hooks/use-flux-object-filters';

// The one query-key factory of the Flux objects feature.
export const fluxObjectKeys = {
  all: ['flux-objects'] as const,
  lists: () => [...fluxObjectKeys.all, 'list'] as const,
  list: (filters: FluxObjectFilters) => [...fluxObjectKeys.lists(), filters] as const,
  trees: () => [...fluxObjectKeys.all, 'tree'] as const,
  tree: (ref: FluxObjectRef) => [...fluxObjectKeys.trees(), ref] as const,
  clusterOptions: () => [...fluxObjectKeys.all, 'cluster-options'] as const,
  lives: () => [...fluxObjectKeys.all, 'live'] as const,
  live: (owner: FluxObjectRef, target: ManagedObjectRef) => [...fluxObjectKeys.lives(), owner, target] as const,
};

/** What names one Flux object on one cluster. */
export interface FluxObjectRef {
  clusterId: string;
  kind: FluxKind;
  namespace: string;
  name: string;
}

/** One object in a Kustomization's inventory (group '' for the core group, namespace null when cluster-scoped). */
export interface ManagedObjectRef {
  group: string;
  kind: string;
  namespace: string | null;
  name: string;
}

/** The kinds the hub lists, as reconcile-core names them (sources first, then appliers). */
export const FLUX_KIND_NAMES = Object.keys(FLUX_KINDS) as FluxKindName[];
export type FluxKind = FluxKindName;
