import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { FLUX_KINDS } from '@flotilla/reconcile-core/kinds';
import type { FleetActivityFilters } from '../api/fleet-keys';

// The activity timeline's filters live in the URL beside the page's other filters, under their own names
// (`?eventSeverity=error&eventKind=Kustomization&eventLabels=env%3Dprod`), so a view can be shared.
const PARAMS = { severity: 'eventSeverity', kind: 'eventKind', selector: 'eventLabels' } as const;

export function readActivityFilters(params: URLSearchParams): FleetActivityFilters {
  const severity = params.get(PARAMS.severity);
  const kind = params.get(PARAMS.kind) ?? '';
  return {
    severity: severity === 'info' || severity === 'error' ? severity : '',
    kind: kind in FLUX_KINDS ? kind : '',
    selector: (params.get(PARAMS.selector) ?? '').slice(0, 1024),
  };
}

export function writeActivityFilters(
  params: URLSearchParams,
  filters: FleetActivityFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['severity', 'kind', 'selector'] as const) {
    if (filters[key] === '') next.delete(PARAMS[key]);
    else next.set(PARAMS[key], filters[key]);
  }
  return next;
}

export function useActivityFilters() {
  const [params, setParams] = useSearchParams();
  const filters = readActivityFilters(params);
  const setFilters = useCallback(
    (patch: Partial<FleetActivityFilters>) =>
      setParams((prev) => writeActivityFilters(prev, { ...readActivityFilters(prev), ...patch }), {
        replace: true,
      }),
    [setParams],
  );
  return { filters, setFilters };
}
