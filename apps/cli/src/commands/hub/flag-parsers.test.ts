import { describe, expect, it } from 'vitest';
import { CliError } from '../../hub/exit-codes.js';
import { policyChoice } from './create-image.js';
import { parseEventSources } from './create-notification.js';
import { parseObjectArg } from './trace.js';

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof CliError ? err.exitCode : 'not a CliError';
  }
  return 'no error';
};

describe("flux's flag values", () => {
  it('trace takes <kind>/<name> and refuses anything else with exit 2', () => {
    expect(parseObjectArg('Deployment/podinfo')).toEqual({ kind: 'Deployment', name: 'podinfo' });
    for (const bad of ['podinfo', '/podinfo', 'Deployment/', 'a/b/c']) expect(usage(() => parseObjectArg(bad)), bad).toBe(2);
  });

  it('--event-source is Kind/name, repeatable and comma-separated, * for every object of the kind', () => {
    expect(parseEventSources(['Kustomization/*,GitRepository/fleet', 'HelmRelease/web'])).toEqual([
      { kind: 'Kustomization', name: '*' },
      { kind: 'GitRepository', name: 'fleet' },
      { kind: 'HelmRelease', name: 'web' },
    ]);
    expect(usage(() => parseEventSources(['Kustomization']))).toBe(2);
  });

  it('an image policy takes exactly one of --select-semver, --select-numeric and --select-alpha (asc|desc)', () => {
    const base = { namespace: 'flotilla-system', imageRef: 'app' };
    expect(policyChoice({ ...base, selectSemver: '>=1.0.0' })).toEqual({ semver: { range: '>=1.0.0' } });
    expect(policyChoice({ ...base, selectNumeric: 'desc' })).toEqual({ numerical: { order: 'desc' } });
    expect(policyChoice({ ...base, selectAlpha: 'asc' })).toEqual({ alphabetical: { order: 'asc' } });
    expect(usage(() => policyChoice(base))).toBe(2);
    expect(usage(() => policyChoice({ ...base, selectSemver: '1.x', selectAlpha: 'asc' }))).toBe(2);
    expect(usage(() => policyChoice({ ...base, selectNumeric: 'up' }))).toBe(2);
  });
});
