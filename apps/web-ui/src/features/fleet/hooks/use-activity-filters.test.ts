import { describe, expect, it } from 'vitest';
import { readActivityFilters, writeActivityFilters } from './use-activity-filters';

describe('activity filters in the URL', () => {
  it('reads known values and ignores the rest', () => {
    expect(
      readActivityFilters(
        new URLSearchParams('eventSeverity=error&eventKind=HelmRelease&eventLabels=env%3Dprod'),
      ),
    ).toEqual({
      severity: 'error',
      kind: 'HelmRelease',
      selector: 'env=prod',
    });
    expect(readActivityFilters(new URLSearchParams('eventSeverity=fatal&eventKind=Pod'))).toEqual({
      severity: '',
      kind: '',
      selector: '',
    });
  });

  it('writes beside the other params and drops empty ones', () => {
    const next = writeActivityFilters(new URLSearchParams('selector=tier%3Dweb&eventKind=Bucket'), {
      severity: 'info',
      kind: '',
      selector: '',
    });
    expect(next.toString()).toBe('selector=tier%3Dweb&eventSeverity=info');
  });
});
