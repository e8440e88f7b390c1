import { describe, expect, it } from 'vitest';
import {
  hasFilters,
  NO_FILTERS,
  readFluxObjectFilters,
  writeFluxObjectFilters,
} from './use-flux-object-filters';

describe('Flux object filters in the URL', () => {
  it('reads kind, origin, status, cluster and search, and ignores values it does not know', () => {
    expect(
      readFluxObjectFilters(
        new URLSearchParams('kind=HelmRelease&origin=cluster&status=failing&cluster=c1&q=pod'),
      ),
    ).toEqual({
      kind: 'HelmRelease',
      origin: 'cluster',
      status: 'failing',
      cluster: 'c1',
      q: 'pod',
    });
    expect(readFluxObjectFilters(new URLSearchParams('kind=Deployment&origin=git&status=broken'))).toEqual(
      NO_FILTERS,
    );
  });

  it('writes only what is set and keeps other parameters', () => {
    const next = writeFluxObjectFilters(new URLSearchParams('tab=flux-objects&kind=Bucket'), {
      ...NO_FILTERS,
      status: 'suspended',
    });
    expect(next.toString()).toBe('tab=flux-objects&status=suspended');
  });

  it('says whether anything filters, leaving out fixed filters', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, cluster: 'c1' }, ['cluster'])).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, q: 'x' })).toBe(true);
  });
});
