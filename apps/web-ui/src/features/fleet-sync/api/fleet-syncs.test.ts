import { describe, expect, it } from 'vitest';
import { countsPerKind } from './fleet-syncs';

describe('countsPerKind', () => {
  it('counts the objects a FleetSync manages per kind, kinds in name order, plurals where more than one', () => {
    expect(
      countsPerKind([{ kind: 'Kustomization' }, { kind: 'GitRepository' }, { kind: 'Kustomization' }]),
    ).toBe('1 GitRepository, 2 Kustomizations');
    expect(countsPerKind([])).toBe('');
  });
});
