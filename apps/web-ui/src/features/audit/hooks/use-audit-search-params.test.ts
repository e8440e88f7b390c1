import { describe, expect, it } from 'vitest';
import {
  auditExportHref,
  isoToLocalInput,
  localInputToIso,
  readAuditSearch,
  writeAuditFilter,
} from './use-audit-search-params';

describe('audit search params', () => {
  it('reads the filter and the page trail, ignoring empty and unknown parameters', () => {
    const state = readAuditSearch(new URLSearchParams('actor=alice&action=&x=1&page=c1&page=c2'));
    expect(state).toEqual({ filter: { actor: 'alice' }, trail: ['c1', 'c2'], after: 'c2' });
  });

  it('writing a filter drops the page trail and empty values, keeps other parameters', () => {
    const next = writeAuditFilter(new URLSearchParams('actor=alice&page=c1&tab=x'), {
      actor: '',
      action: 'user.create',
      targetType: ' user ',
    });
    expect(next.toString()).toBe('tab=x&action=user.create&targetType=user');
  });

  it('builds the export link of the same filter', () => {
    expect(auditExportHref({ actor: 'a b', since: '2026-12-01T00:00:00.000Z' }, 'csv')).toBe(
      '/api/audit/export?format=csv&actor=a+b&since=2026-12-01T00%3A00%3A00.000Z',
    );
  });

  it('converts between ISO instants and datetime-local values', () => {
    const iso = localInputToIso('2026-12-01T10:30');
    expect(isoToLocalInput(iso)).toBe('2026-12-01T10:30');
    expect(localInputToIso('')).toBe('');
    expect(isoToLocalInput('not a date')).toBe('');
  });
});
