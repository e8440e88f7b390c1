import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type {
  ClusterConnectionState,
  FleetClusterSortField,
  FleetClusterWorst,
} from '../../../lib/graphql/operation-types.gen';
import type { ClusterTableFilters } from '../api/fleet-keys';

// The cluster table's filter and order live in the URL, so a view can be shared, bookmarked and reloaded.
// Unknown values are dropped rather than sent: a hand-edited link shows the rest of its filter.

export const WORST_VALUES: readonly FleetClusterWorst[] = [
  'STALLED',
  'FAILING',
  'PROGRESSING',
  'SUSPENDED',
  'READY',
  'NONE',
];
export const STATE_VALUES: readonly ClusterConnectionState[] = [
  'CONNECTED',
  'DISCONNECTED',
  'PENDING',
  'REVOKED',
];
export const SORT_VALUES: readonly FleetClusterSortField[] = [
  'NAME',
  'READY',
  'TOTAL',
  'FAILING',
  'WORST',
  'LAST_SEEN',
  'REVISIONS',
  'BEHIND',
];

const pick = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  allowed.filter((v) => values.includes(v));

/** As the hub takes them: at most 20 reasons of 1 to 253 characters. */
export const MAX_REASONS = 20;
const reasonsOf = (values: string[]): string[] =>
  [...new Set(values)].filter((v) => v.length <= 253).slice(0, MAX_REASONS);

const listOf = (params: URLSearchParams, name: string): string[] =>
  (params.get(name) ?? '').split(',').filter((v) => v !== '');

export function readClusterTable(params: URLSearchParams): ClusterTableFilters {
  const sort = params.get('sort')?.toUpperCase();
  return {
    selector: params.get('selector') ?? '',
    search: params.get('q') ?? '',
    worst: pick(WORST_VALUES, listOf(params, 'worst')),
    reasons: reasonsOf(listOf(params, 'reason')),
    states: pick(STATE_VALUES, listOf(params, 'state')),
    behind: params.get('behind') === '1',
    sort: SORT_VALUES.find((s) => s === sort) ?? 'NAME',
    descending: params.get('desc') === '1',
  };
}

export function writeClusterTable(
  params: URLSearchParams,
  change: Partial<ClusterTableFilters>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string) => (value === '' ? next.delete(name) : next.set(name, value));
  if (change.selector !== undefined) set('selector', change.selector.trim());
  if (change.search !== undefined) set('q', change.search.trim());
  if (change.worst !== undefined) set('worst', change.worst.join(','));
  if (change.reasons !== undefined) set('reason', reasonsOf(change.reasons).join(','));
  if (change.states !== undefined) set('state', change.states.join(','));
  if (change.behind !== undefined) set('behind', change.behind ? '1' : '');
  if (change.sort !== undefined) set('sort', change.sort === 'NAME' ? '' : change.sort.toLowerCase());
  if (change.descending !== undefined) set('desc', change.descending ? '1' : '');
  return next;
}

/** Clicking the sorted column flips its direction; another column sorts by it, worst-first where that helps. */
export function nextSort(
  current: Pick<ClusterTableFilters, 'sort' | 'descending'>,
  field: FleetClusterSortField,
): Pick<ClusterTableFilters, 'sort' | 'descending'> {
  if (current.sort === field) return { sort: field, descending: !current.descending };
  const mostFirst: readonly FleetClusterSortField[] = ['FAILING', 'TOTAL', 'REVISIONS', 'BEHIND'];
  return { sort: field, descending: mostFirst.includes(field) };
}

export function useClusterTableParams() {
  const [params, setParams] = useSearchParams();
  const filters = readClusterTable(params);
  const update = useCallback(
    (change: Partial<ClusterTableFilters>) => setParams((p) => writeClusterTable(p, change)),
    [setParams],
  );
  return { filters, update };
}
