import { describe, expect, it } from 'vitest';
import { admit, nothingPlaced, placedKey, type Placed } from './report-admission.js';
import { eventRows, statusRows } from './report-rows.js';

const placedHere = (): Placed => {
  const placed = nothingPlaced();
  placed.kustomizations.add(placedKey('flotilla-system', 'apps'));
  placed.helmReleases.add(placedKey('flotilla-system', 'podinfo'));
  return placed;
};

const status = (kind: 'HelmRelease' | 'Kustomization', origin: 'hub' | 'cluster', name: string) =>
  statusRows([{ kind, origin, namespace: 'flotilla-system', name, conditions: [], observedGeneration: 1 }]);

describe('admit', () => {
  it('takes a hub HelmRelease’s status only where the hub placed it, and refuses it elsewhere as OBJECT_NOT_ASSIGNED', () => {
    const rows = [...status('HelmRelease', 'hub', 'podinfo'), ...status('HelmRelease', 'hub', 'elsewhere')];
    const { rows: kept, refused } = admit({ kind: 'status', rows }, placedHere(), new Set(), 0, 100);
    expect(kept.rows.map((r) => r.name)).toEqual(['podinfo']);
    expect(refused).toEqual([{ code: 'OBJECT_NOT_ASSIGNED', kind: 'HelmRelease', namespace: 'flotilla-system', name: 'elsewhere' }]);
  });

  it('a placed name is not enough for another kind: a hub Kustomization named like a placed HelmRelease is refused', () => {
    const { rows: kept, refused } = admit({ kind: 'status', rows: status('Kustomization', 'hub', 'podinfo') }, placedHere(), new Set(), 0, 100);
    expect(kept.rows).toEqual([]);
    expect(refused.map((r) => r.code)).toEqual(['OBJECT_NOT_ASSIGNED']);
  });

  it('a cluster cannot report a HelmRelease the hub placed there as its own (OBJECT_ORIGIN_CONFLICT)', () => {
    const { rows: kept, refused } = admit({ kind: 'status', rows: status('HelmRelease', 'cluster', 'podinfo') }, placedHere(), new Set(), 0, 100);
    expect(kept.rows).toEqual([]);
    expect(refused.map((r) => r.code)).toEqual(['OBJECT_ORIGIN_CONFLICT']);
  });

  it('takes events about a placed hub HelmRelease (not about one placed elsewhere) and the removal of one', () => {
    const events = eventRows([
      { involvedObject: { kind: 'HelmRelease', namespace: 'flotilla-system', name: 'podinfo' }, severity: 'info', reason: 'InstallSucceeded', message: 'ok', timestamp: '2026-12-03T00:00:00Z' },
      { involvedObject: { kind: 'HelmRelease', namespace: 'flotilla-system', name: 'elsewhere' }, severity: 'info', reason: 'InstallSucceeded', message: 'ok', timestamp: '2026-12-03T00:00:00Z' },
    ]);
    expect(admit({ kind: 'events', rows: events }, placedHere(), new Set(), 0, 100).refused).toEqual([{ code: 'OBJECT_NOT_ASSIGNED', kind: 'HelmRelease', namespace: 'flotilla-system', name: 'elsewhere' }]);
    const gone = statusRows([{ kind: 'HelmRelease', origin: 'hub', namespace: 'flotilla-system', name: 'podinfo', deleted: true }]);
    expect(admit({ kind: 'status', rows: gone }, placedHere(), new Set(), 0, 100).rows.rows).toHaveLength(1);
  });
});
