import { describe, expect, it } from 'vitest';
import type { ReleaseRecord } from './release-records.js';
import { ReleaseStatus } from './release-status.js';

const when = '2026-12-03T01:00:00Z';
const record = (version: number, status: string, chartVersion: string, digest: string): ReleaseRecord => ({
  secretName: `sh.helm.release.v1.demo.v${version}`, name: 'demo', namespace: 'apps', version, status, description: '', chartName: 'demo', chartVersion,
  configDigest: 'sha256:c', digest, firstDeployed: when, lastDeployed: when, manifest: '',
});

describe('ReleaseStatus.observe', () => {
  it('puts the newest revision first and gives a kept snapshot the state helm rewrote it to (an upgrade supersedes the previous release, as helm-controller’s observed writes record)', () => {
    const st = new ReleaseStatus(undefined, () => new Date(when));
    st.observe(record(1, 'deployed', '1.0.0', 'd1'));
    st.history[0] = { ...st.history[0]!, testHooks: { 'demo-test': { phase: 'Succeeded' } } };
    const after = [record(2, 'deployed', '1.1.0', 'd2'), record(1, 'superseded', '1.0.0', 'd1b')];
    st.observe(after[0]!, after);
    expect(st.history.map((h) => [h.version, h.chartVersion, h.status, h.digest])).toEqual([
      [2, '1.1.0', 'deployed', 'd2'],
      [1, '1.0.0', 'superseded', 'd1b'],
    ]);
    // The test results of a revision stay with it.
    expect(st.history[1]?.testHooks).toEqual({ 'demo-test': { phase: 'Succeeded' } });
  });

  it('leaves a snapshot whose record helm did not rewrite, or no longer holds, as it was', () => {
    const st = new ReleaseStatus(undefined, () => new Date(when));
    st.observe(record(1, 'deployed', '1.0.0', 'd1'));
    st.observe(record(2, 'failed', '1.1.0', 'd2'), [record(2, 'failed', '1.1.0', 'd2')]);
    expect(st.history.map((h) => [h.version, h.status])).toEqual([
      [2, 'failed'],
      [1, 'deployed'],
    ]);
  });
});
