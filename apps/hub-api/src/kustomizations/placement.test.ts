import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-error.js';
import { placementOf, placementTargets, validatePlacement } from './placement.js';

const prodA = { name: 'prod-a', labels: { env: 'prod', region: 'eu' } };
const devA = { name: 'dev-a', labels: { env: 'dev' } };

describe('placement', () => {
  it('selector ∪ names; a blank selector selects no cluster by label (never the whole fleet)', () => {
    expect(placementTargets({ clusterSelector: 'env=prod', clusterNames: [] }, prodA)).toBe(true);
    expect(placementTargets({ clusterSelector: 'env=prod', clusterNames: [] }, devA)).toBe(false);
    expect(placementTargets({ clusterSelector: 'env=prod', clusterNames: ['dev-a'] }, devA)).toBe(true);
    expect(placementTargets(validatePlacement({ clusterSelector: '  ' }), prodA)).toBe(false);
    expect(placementTargets({ clusterSelector: 'env in (prod,dev),!legacy', clusterNames: [] }, devA)).toBe(true);
  });

  it('normalises: trims the selector, de-duplicates and sorts names', () => {
    expect(validatePlacement({ clusterSelector: ' env=prod ', clusterNames: ['b', 'a', 'b'] })).toEqual({ clusterSelector: 'env=prod', clusterNames: ['a', 'b'] });
  });

  it('errors name the field', () => {
    const fieldOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (err) {
        return err instanceof DomainError ? err.field : 'not a DomainError';
      }
      return undefined;
    };
    expect(fieldOf(() => validatePlacement({ clusterSelector: 'env in (a' }))).toBe('placement.clusterSelector');
    expect(fieldOf(() => validatePlacement({ clusterNames: ['ok', 'NOT_OK'] }))).toBe('placement.clusterNames[1]');
  });

  it('reads malformed stored JSON as "nowhere"', () => {
    expect(placementOf(null)).toEqual({ clusterSelector: null, clusterNames: [] });
    expect(placementOf({ clusterSelector: 3, clusterNames: ['a', 1] })).toEqual({ clusterSelector: null, clusterNames: ['a'] });
  });
});
