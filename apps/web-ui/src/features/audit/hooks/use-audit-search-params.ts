import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditFilterInput } from '../../../lib/graphql/operation-types.gen';

// The audit filters and page live in the URL, so a filtered view can be shared, bookmarked and reloaded;
// times are kept as ISO instants so the link means the same in every time zone.
export const AUDIT_FILTER_KEYS = ['actor', 'action', 'targetType', 'targetId', 'since', 'until'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditFilterValues = Partial<Record<AuditFilterKey, string>>;

export interface AuditSearchState {
  filter: AuditFilterValues;
  /** Cursors of the pages before this one, so "Previous" works with forward-only cursors. */
  trail: string[];
  after: string | null;
}

export function readAuditSearch(params: URLSearchParams): AuditSearchState {
  const filter: AuditFilterValues = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  const trail = params.getAll('page');
  return { filter, trail, after: trail.at(-1) ?? null };
}

export function writeAuditFilter(params: URLSearchParams, filter: AuditFilterValues): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('page');
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter[key]?.trim();
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The GraphQL filter of what the URL holds. */
export const toAuditFilterInput = (filter: AuditFilterValues): AuditFilterInput => ({ ...filter });

/** The export endpoint's URL for the same filter (a plain link: the browser sends the session cookie). */
export function auditExportHref(filter: AuditFilterValues, format: 'csv' | 'json'): string {
  const params = new URLSearchParams({ format });
  for (const key of AUDIT_FILTER_KEYS) if (filter[key]) params.set(key, filter[key]);
  return `/api/audit/export?${params.toString()}`;
}

/** An ISO instant as the value of a `datetime-local` input (local time, minutes), and back. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function localInputToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export function useAuditSearchParams() {
  const [params, setParams] = useSearchParams();
  const state = readAuditSearch(params);
  const setFilter = useCallback(
    (f: AuditFilterValues) => setParams((p) => writeAuditFilter(p, f)),
    [setParams],
  );
  const nextPage = useCallback(
    (cursor: string) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.append('page', cursor);
        return next;
      }),
    [setParams],
  );
  const previousPage = useCallback(
    () =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        const trail = next.getAll('page');
        next.delete('page');
        trail.slice(0, -1).forEach((c) => next.append('page', c));
        return next;
      }),
    [setParams],
  );
  return { ...state, setFilter, nextPage, previousPage };
}
