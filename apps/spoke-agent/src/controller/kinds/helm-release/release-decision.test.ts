import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { describe, expect, it } from 'vitest';
import { determineReleaseState, nextAction, type Desired, type Snapshot } from './release-decision.js';
import type { ReleaseRecord } from './release-records.js';

const record = (over: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  secretName: 'sh.helm.release.v1.web.v1', name: 'web', namespace: 'apps', version: 1, status: 'deployed', description: '', chartName: 'demo', chartVersion: '1.0.0',
  configDigest: 'sha256:c', digest: 'sha256:d', firstDeployed: '2026-01-01T00:00:00Z', lastDeployed: '2026-01-01T00:00:00Z', manifest: '', ...over,
});
const snap = (r: ReleaseRecord): Snapshot => ({ name: r.name, namespace: r.namespace, version: r.version, status: r.status, chartName: r.chartName, chartVersion: r.chartVersion, configDigest: r.configDigest, digest: r.digest, firstDeployed: r.firstDeployed, lastDeployed: r.lastDeployed, ...(r.testHooks ? { testHooks: r.testHooks } : {}) });
const desired: Desired = { chartName: 'demo', chartVersion: '1.0.0', configDigest: 'sha256:c', testEnabled: false, ignoreTestFailures: false };
const spec = (s: Record<string, unknown> = {}): HelmReleaseSpec => helmReleaseSpec.parse({ interval: '5m', chartRef: { kind: 'HelmChart', name: 'c' }, ...s });
const none = { failures: 0, installFailures: 0, upgradeFailures: 0 };

describe('release state and next action (helm-controller DetermineReleaseState / actionForState)', () => {
  it('no release → install; a pending one → unlock; one the object never observed → upgrade', () => {
    expect(nextAction(determineReleaseState([], [], desired), spec(), undefined, none, false)).toEqual({ action: 'install' });
    expect(nextAction(determineReleaseState([record({ status: 'pending-upgrade' })], [], desired), spec(), undefined, none, false)).toEqual({ action: 'unlock' });
    expect(determineReleaseState([record()], [], desired)).toEqual({ status: 'Unmanaged', reason: 'found existing release in storage' });
    const r = record();
    expect(determineReleaseState([record({ digest: 'sha256:other' })], [snap(r)], desired).status).toBe('Unmanaged');
  });

  it('in sync → nothing; changed chart or values → upgrade; untested with tests enabled → test', () => {
    const r = record();
    expect(nextAction(determineReleaseState([r], [snap(r)], desired), spec(), 'install', none, false)).toEqual({ action: 'none' });
    expect(determineReleaseState([r], [snap(r)], { ...desired, chartVersion: '1.1.0' })).toEqual({ status: 'OutOfSync', reason: 'release chart changed' });
    expect(determineReleaseState([r], [snap(r)], { ...desired, configDigest: 'sha256:new' })).toEqual({ status: 'OutOfSync', reason: 'release config digest changed' });
    expect(determineReleaseState([r], [snap(r)], { ...desired, testEnabled: true })).toEqual({ status: 'Untested' });
    const failedTest = record({ testHooks: { t: { phase: 'Failed' } } });
    expect(determineReleaseState([failedTest], [snap(failedTest)], { ...desired, testEnabled: true }).status).toBe('Failed');
    expect(determineReleaseState([failedTest], [snap(failedTest)], { ...desired, testEnabled: true, ignoreTestFailures: true }).status).toBe('InSync');
  });

  it('a failed upgrade is rolled back while retries remain, and stalls once they are spent unless remediateLastFailure', () => {
    const failed = record({ version: 2, status: 'failed' });
    const state = determineReleaseState([failed], [snap(failed)], desired);
    const s = spec({ upgrade: { remediation: { retries: 1 } } });
    expect(nextAction(state, s, 'upgrade', { failures: 1, installFailures: 0, upgradeFailures: 1 }, true)).toEqual({ action: 'rollback' });
    // remediateLastFailure defaults to true with retries > 0: the last failure is still rolled back.
    expect(nextAction(state, s, 'upgrade', { failures: 2, installFailures: 0, upgradeFailures: 2 }, true)).toEqual({ action: 'rollback' });
    expect(nextAction(state, spec(), 'upgrade', { failures: 1, installFailures: 0, upgradeFailures: 1 }, true)).toEqual({ action: 'stalled', message: 'cannot remediate failed release' });
    expect(nextAction(state, spec({ upgrade: { remediation: { retries: 1, strategy: 'uninstall' } } }), 'upgrade', { failures: 1, installFailures: 0, upgradeFailures: 1 }, true)).toEqual({ action: 'uninstall' });
  });

  it('RetryOnFailure never remediates: a failed install is installed again, a failed upgrade upgraded again', () => {
    const failed = record({ status: 'failed' });
    const state = determineReleaseState([failed], [snap(failed)], desired);
    const retry = { name: 'RetryOnFailure', retryInterval: '1m' };
    expect(nextAction(state, spec({ install: { strategy: retry } }), 'install', { failures: 5, installFailures: 5, upgradeFailures: 0 }, false)).toEqual({ action: 'install' });
    expect(nextAction(state, spec({ upgrade: { strategy: retry } }), 'upgrade', { failures: 5, installFailures: 0, upgradeFailures: 5 }, true)).toEqual({ action: 'upgrade' });
  });
});
