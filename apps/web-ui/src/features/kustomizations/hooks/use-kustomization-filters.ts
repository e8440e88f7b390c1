import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { KustomizationSummary } from '../api/kustomization-types';

// The list's filters live in the URL (`?source=fleet-infra&status=failing`), so a view can be shared.
export type StatusFilter = 'all' | 'failing' | 'suspended';

export interface KustomizationFilters {
  source: string;
  status: StatusFilter;
}

export function readKustomizationFilters(params: URLSearchParams): KustomizationFilters {
  const status = params.get('status');
  return {
    source: params.get('source') ?? '',
    status: status === 'failing' || status === 'suspended' ? status : 'all',
  };
}

export function writeKustomizationFilters(
  params: URLSearchParams,
  filters: KustomizationFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (filters.source === '') next.delete('source');
  else next.set('source', filters.source);
  if (filters.status === 'all') next.delete('status');
  else next.set('status', filters.status);
  return next;
}

/** failing = at least one targeted cluster reports Ready=False. */
export function applyKustomizationFilters(
  items: readonly KustomizationSummary[],
  filters: KustomizationFilters,
): KustomizationSummary[] {
  return items.filter(
    (k) =>
      (filters.source === '' || k.sourceRef.name === filters.source) &&
      (filters.status === 'all' ||
        (filters.status === 'suspended' ? k.suspend : k.clusters.some((c) => c.ready === 'False'))),
  );
}

export function useKustomizationFilters() {
  const [params, setParams] = useSearchParams();
  const filters = readKustomizationFilters(params);
  const setFilters = useCallback(
    (patch: Partial<KustomizationFilters>) =>
      setParams((prev) => writeKustomizationFilters(prev, { ...readKustomizationFilters(prev), ...patch })),
    [setParams],
  );
  return { filters, setFilters };
}
