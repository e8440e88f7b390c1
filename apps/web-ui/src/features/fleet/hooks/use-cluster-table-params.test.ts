import { describe, expect, it } from 'vitest';
import { nextSort, readClusterTable, writeClusterTable } from './use-cluster-table-params';

describe('cluster table URL state', () => {
  it('reads every filter and the order from the URL', () => {
    const params = new URLSearchParams(
      'selector=env%3Dprod&q=edge&worst=FAILING,STALLED&reason=HealthCheckFailed,BuildFailed&state=CONNECTED&behind=1&sort=ready&desc=1',
    );
    expect(readClusterTable(params)).toEqual({
      selector: 'env=prod',
      search: 'edge',
      worst: ['STALLED', 'FAILING'],
      reasons: ['HealthCheckFailed', 'BuildFailed'],
      states: ['CONNECTED'],
      behind: true,
      sort: 'READY',
      descending: true,
    });
  });

  it('defaults to every cluster by name, and drops values it does not know', () => {
    expect(readClusterTable(new URLSearchParams('worst=BROKEN,FAILING&state=ASLEEP&sort=colour'))).toEqual({
      selector: '',
      search: '',
      worst: ['FAILING'],
      reasons: [],
      states: [],
      behind: false,
      sort: 'NAME',
      descending: false,
    });
  });

  it('writes a change and keeps the rest; defaults leave the URL', () => {
    const start = new URLSearchParams('selector=env%3Dprod&sort=worst');
    const next = writeClusterTable(start, { worst: ['FAILING'], sort: 'NAME', search: '  ' });
    expect(next.toString()).toBe('selector=env%3Dprod&worst=FAILING');
    expect(readClusterTable(writeClusterTable(next, { descending: true })).descending).toBe(true);
  });

  it('keeps at most 20 distinct worst reasons, as the hub accepts', () => {
    const many = Array.from({ length: 25 }, (_, i) => `Reason${i}`);
    const next = writeClusterTable(new URLSearchParams(), { reasons: ['A', 'A', ...many] });
    expect(readClusterTable(next).reasons).toEqual(['A', ...many.slice(0, 19)]);
    expect(writeClusterTable(next, { reasons: [] }).toString()).toBe('');
  });

  it('a second click on the sorted column flips it; counts of trouble sort most first', () => {
    expect(nextSort({ sort: 'NAME', descending: false }, 'NAME')).toEqual({ sort: 'NAME', descending: true });
    expect(nextSort({ sort: 'NAME', descending: false }, 'FAILING')).toEqual({
      sort: 'FAILING',
      descending: true,
    });
    expect(nextSort({ sort: 'FAILING', descending: true }, 'READY')).toEqual({
      sort: 'READY',
      descending: false,
    });
  });
});
