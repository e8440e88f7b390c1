import { describe, expect, it } from 'vitest';
import type { KustomizationSummary } from '../api/kustomization-types';
import {
  applyKustomizationFilters,
  readKustomizationFilters,
  writeKustomizationFilters,
} from './use-kustomization-filters';

const k = (name: string, source: string, ready: string[], suspend = false) =>
  ({
    name,
    sourceRef: { name: source },
    suspend,
    clusters: ready.map((r) => ({ ready: r })),
  }) as unknown as KustomizationSummary;
const items = [
  k('apps', 'fleet', ['True', 'False']),
  k('infra', 'fleet', ['True'], true),
  k('web', 'web', ['Unknown']),
];

describe('Kustomization list filters (URL state)', () => {
  it('reads defaults and ignores unknown status values', () => {
    expect(readKustomizationFilters(new URLSearchParams('status=bogus'))).toEqual({
      source: '',
      status: 'all',
    });
  });
  it('round-trips through the URL and drops defaults', () => {
    const p = writeKustomizationFilters(new URLSearchParams('x=1'), { source: 'fleet', status: 'failing' });
    expect(p.toString()).toBe('x=1&source=fleet&status=failing');
    expect(writeKustomizationFilters(p, { source: '', status: 'all' }).toString()).toBe('x=1');
  });
  it('filters by source, failing (any cluster Ready=False) and suspended', () => {
    const names = (f: Parameters<typeof applyKustomizationFilters>[1]) =>
      applyKustomizationFilters(items, f).map((i) => i.name);
    expect(names({ source: 'fleet', status: 'all' })).toEqual(['apps', 'infra']);
    expect(names({ source: '', status: 'failing' })).toEqual(['apps']);
    expect(names({ source: '', status: 'suspended' })).toEqual(['infra']);
  });
});
