import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { FLUX_KIND_NAMES, type FluxKind } from '../api/flux-object-keys';

// The list's filters live in the URL (`?kind=HelmRelease&status=failing&cluster=<id>&q=podinfo`), so a view
// can be shared. Unknown values read as "no filter".
export const STATUS_FILTERS = ['ready', 'failing', 'progressing', 'suspended'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export type OriginFilter = 'hub' | 'cluster';

export interface FluxObjectFilters {
  kind: FluxKind | '';
  origin: OriginFilter | '';
  status: StatusFilter | '';
  cluster: string;
  q: string;
}

export const NO_FILTERS: FluxObjectFilters = { kind: '', origin: '', status: '', cluster: '', q: '' };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | '' =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : '';

export function readFluxObjectFilters(params: URLSearchParams): FluxObjectFilters {
  return {
    kind: oneOf(FLUX_KIND_NAMES, params.get('kind')),
    origin: oneOf(['hub', 'cluster'] as const, params.get('origin')),
    status: oneOf(STATUS_FILTERS, params.get('status')),
    cluster: params.get('cluster') ?? '',
    q: (params.get('q') ?? '').slice(0, 253),
  };
}

export function writeFluxObjectFilters(params: URLSearchParams, filters: FluxObjectFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['kind', 'origin', 'status', 'cluster', 'q'] as const) {
    if (filters[key] === '') next.delete(key);
    else next.set(key, filters[key]);
  }
  return next;
}

export const hasFilters = (
  f: FluxObjectFilters,
  ignore: readonly (keyof FluxObjectFilters)[] = [],
): boolean => (Object.keys(f) as (keyof FluxObjectFilters)[]).some((k) => !ignore.includes(k) && f[k] !== '');

/** The URL's filters; `fixed` ones (a cluster page's own cluster) override the URL and are not written to it. */
export function useFluxObjectFilters(fixed: Partial<FluxObjectFilters> = {}) {
  const [params, setParams] = useSearchParams();
  const filters = { ...readFluxObjectFilters(params), ...fixed };
  const setFilters = useCallback(
    (patch: Partial<FluxObjectFilters>) =>
      setParams((prev) => writeFluxObjectFilters(prev, { ...readFluxObjectFilters(prev), ...patch }), {
        replace: true,
      }),
    [setParams],
  );
  return { filters, setFilters };
}
