import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

// The fleet filter and page live in the URL so a filtered view can be shared, bookmarked and reloaded.
export const PAGE_SIZE = 25;

export interface FleetSearchState {
  selector: string;
  /** Cursors of the pages before this one, so "Previous" works with forward-only cursors. */
  trail: string[];
  after: string | null;
}

export function readFleetSearch(params: URLSearchParams): FleetSearchState {
  const selector = params.get('selector') ?? '';
  const trail = params.getAll('page');
  return { selector, trail, after: trail.at(-1) ?? null };
}

export function writeSelector(params: URLSearchParams, selector: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('page');
  if (selector.trim() === '') next.delete('selector');
  else next.set('selector', selector.trim());
  return next;
}

export function writeNextPage(params: URLSearchParams, endCursor: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.append('page', endCursor);
  return next;
}

export function writePreviousPage(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  const trail = next.getAll('page');
  next.delete('page');
  trail.slice(0, -1).forEach((c) => next.append('page', c));
  return next;
}

export function useFleetSearchParams() {
  const [params, setParams] = useSearchParams();
  const state = readFleetSearch(params);
  const setSelector = useCallback((s: string) => setParams((p) => writeSelector(p, s)), [setParams]);
  const nextPage = useCallback((cursor: string) => setParams((p) => writeNextPage(p, cursor)), [setParams]);
  const previousPage = useCallback(() => setParams((p) => writePreviousPage(p)), [setParams]);
  return { ...state, setSelector, nextPage, previousPage };
}
