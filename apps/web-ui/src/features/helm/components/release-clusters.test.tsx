import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { ReleaseClusters } from './release-clusters';

const now = new Date().toISOString();
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const snapshot = (version: number, status: string, chartVersion: string, config: string) => ({
  version, status, chartName: 'demo', chartVersion, appVersion: '1.0', configDigest: digest(config), firstDeployed: now, lastDeployed: now, deleted: null, testHooks: [],
});
const base = {
  message: null, stalled: false, revision: null, lastAttemptedRevision: null, lastAttemptedConfigDigest: null, lastAttemptedReleaseAction: null,
  failures: 0, installFailures: 0, upgradeFailures: 0, observedGeneration: 1, updatedAt: now, conditions: [], history: [],
};

describe('ReleaseClusters', () => {
  it('shows per cluster Ready with Flux’s reason, the chart version, failures and remediation, and each cluster’s history newest first', () => {
    render(
      <ReleaseClusters
        release="flotilla-system/demo" releaseId="h1"
        clusters={[
          {
            ...base, cluster: { id: 'c1', name: 'eu' }, ready: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded', revision: '1.1.0',
            lastAttemptedRevision: '1.1.0', lastAttemptedReleaseAction: 'upgrade',
            conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded', lastTransitionTime: now }],
            history: [{ ...snapshot(2, 'deployed', '1.1.0', 'b'), testHooks: [{ name: 'demo-test', phase: 'Succeeded', lastStarted: now, lastCompleted: now }] }, snapshot(1, 'superseded', '1.0.0', 'a')],
          },
          {
            ...base, cluster: { id: 'c2', name: 'us' }, ready: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed: timed out', stalled: true,
            failures: 3, upgradeFailures: 3, revision: '1.0.0', lastAttemptedReleaseAction: 'upgrade', lastAttemptedRevision: '1.1.0',
            conditions: [
              { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed: timed out', lastTransitionTime: now },
              { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release demo: timed out', lastTransitionTime: now },
              { type: 'Remediated', status: 'True', reason: 'RollbackSucceeded', message: 'rolled back', lastTransitionTime: now },
              { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)', lastTransitionTime: now },
            ],
            history: [snapshot(3, 'deployed', '1.0.0', 'a'), snapshot(2, 'failed', '1.1.0', 'b')],
          },
          { ...base, cluster: { id: 'c3', name: 'ap' }, ready: 'Unknown', reason: 'Pending', message: 'waiting for the agent to report', updatedAt: null, observedGeneration: null },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'flotilla-system/demo per cluster' });
    const row = (name: string) => within(table).getByText(name).closest('tr')!;
    expect(row('eu')).toHaveTextContent('1.1.0');
    expect(row('eu')).toHaveTextContent('upgrade 1.1.0');
    expect(row('us')).toHaveTextContent('UpgradeFailed');
    expect(row('us')).toHaveTextContent('Helm upgrade failed: timed out');
    expect(row('us')).toHaveTextContent('3 (3 upgrade)');
    expect(row('us')).toHaveTextContent('Stalled · RetriesExceeded');
    expect(row('us')).toHaveTextContent('Remediated · RollbackSucceeded');
    expect(row('eu')).not.toHaveTextContent('Remediated');
    expect(row('ap')).toHaveTextContent('waiting for the agent to report');
    expect(row('ap')).toHaveTextContent('never');

    const eu = within(screen.getByRole('table', { name: 'History of flotilla-system/demo on eu' }));
    const revisions = eu.getAllByRole('row').slice(1).map((r) => r.querySelector('td')?.textContent);
    expect(revisions).toEqual(['2', '1']);
    expect(eu.getByText('demo-test: Succeeded')).toBeInTheDocument();
    expect(eu.getByText('superseded')).toBeInTheDocument();
    expect(eu.getByText('demo@1.0.0')).toBeInTheDocument();
    expect(eu.getByText('bbbbbbbbbbbb')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'History of flotilla-system/demo on us' })).getByText('failed')).toBeInTheDocument();
    // Each cluster's conditions: after a rollback only Released still says why the upgrade failed.
    const usConditions = within(screen.getByRole('table', { name: 'Conditions of flotilla-system/demo on us' }));
    expect(usConditions.getByText('Released').closest('tr')).toHaveTextContent('FalseUpgradeFailedHelm upgrade failed for release demo: timed out');
    expect(usConditions.getByText('Remediated').closest('tr')).toHaveTextContent('RollbackSucceeded');
    expect(within(screen.getByRole('region', { name: 'History on ap' })).getByText('No conditions reported yet.')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'History on ap' })).getByText(/No release made on ap yet/)).toBeInTheDocument();
  });

  it('says so when the release targets no cluster', () => {
    render(<ReleaseClusters release="flotilla-system/demo" releaseId="h1" clusters={[]} />);
    expect(screen.getByText('No targeted cluster.')).toBeInTheDocument();
  });
});
