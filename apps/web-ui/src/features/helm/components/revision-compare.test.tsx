import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import { RevisionCompare } from './revision-compare';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const snapshot = (version: number, status: string, chartVersion: string, config: string) => ({
  version, status, chartName: 'demo', chartVersion, appVersion: '1.0', configDigest: digest(config), firstDeployed: null, lastDeployed: null, deleted: null, testHooks: [],
});
// Newest first, as Flux keeps status.history.
const history = [snapshot(3, 'deployed', '1.1.0', 'b'), snapshot(2, 'superseded', '1.1.0', 'a'), snapshot(1, 'superseded', '1.0.0', 'a')];

const rowOf = (table: HTMLElement, label: string) => within(table).getByRole('rowheader', { name: label }).closest('tr')!;

describe('RevisionCompare', () => {
  it('starts on the two newest revisions and marks what changed: the values (config digest) and the status, not the chart', () => {
    render(<RevisionCompare history={history} cluster="eu" releaseId="h1" clusterId="c1" />);
    const table = screen.getByRole('table', { name: 'Revision 2 → 3 on eu' });
    expect(rowOf(table, 'Values (config digest)')).toHaveTextContent(`${digest('a')}${digest('b')}changed`);
    expect(rowOf(table, 'Status')).toHaveTextContent('supersededdeployedchanged');
    expect(rowOf(table, 'Chart')).toHaveTextContent('demo@1.1.0demo@1.1.0same');
  });

  it('picking other revisions compares those: 1 → 2 changed the chart version and kept the values', async () => {
    const user = userEvent.setup();
    render(<RevisionCompare history={history} cluster="eu" releaseId="h1" clusterId="c1" />);
    await user.selectOptions(screen.getByLabelText('From revision'), '1');
    await user.selectOptions(screen.getByLabelText('To revision'), '2');
    const table = screen.getByRole('table', { name: 'Revision 1 → 2 on eu' });
    expect(rowOf(table, 'Chart')).toHaveTextContent('demo@1.0.0demo@1.1.0changed');
    expect(rowOf(table, 'Values (config digest)')).toHaveTextContent('same');
  });

  it('shows nothing for a history of one revision (nothing to compare)', () => {
    render(<RevisionCompare history={history.slice(0, 1)} cluster="eu" releaseId="h1" clusterId="c1" />);
    expect(screen.queryByRole('region', { name: 'Compare revisions on eu' })).toBeNull();
  });

  describe('values and manifest, read through the agent when asked', () => {
    const content = (revision: number, replicas: number, password: string) => ({
      revision,
      status: revision === 3 ? 'deployed' : 'superseded',
      chartName: 'demo',
      chartVersion: '1.1.0',
      appVersion: '1.0',
      values: `db:\n  password: "${password}"\nreplicaCount: ${replicas}\n`,
      manifest: '---\n# Source: demo/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n',
    });
    const answer = {
      clusterName: 'eu',
      releaseName: 'demo',
      releaseNamespace: 'flotilla-system',
      from: content(2, 1, '*** (before)'),
      to: content(3, 2, '*** (after)'),
      valuesDiff: '--- values (revision 2)\n+++ values (revision 3)\n@@ -1,3 +1,3 @@\n db:\n-  password: "*** (before)"\n-replicaCount: 1\n+  password: "*** (after)"\n+replicaCount: 2\n',
      manifestDiff: '',
    };

    it('asks for the two picked revisions and shows their values side by side, the unified diff to copy, and that the manifest did not change', async () => {
      const hub = mockHub({ HelmReleaseRevisionDiff: () => gqlData({ helmReleaseRevisionDiff: answer }) });
      renderRoute(<RevisionCompare history={history} cluster="eu" releaseId="h1" clusterId="c1" />);
      expect(hub.requests).toEqual([]);
      await userEvent.click(screen.getByRole('button', { name: 'Compare values and manifest of revisions 2 and 3' }));
      const section = await screen.findByRole('region', { name: 'Values and manifest, revision 2 → 3 on eu' });
      expect(hub.requests.find((r) => r.operationName === 'HelmReleaseRevisionDiff')?.variables).toEqual({ releaseId: 'h1', clusterId: 'c1', fromRevision: 2, toRevision: 3 });
      const values = await within(section).findByTestId('values-diff');
      expect(values).toHaveAttribute('data-diff-layout', 'split');
      expect(values).toHaveTextContent('replicaCount: 1');
      expect(values).toHaveTextContent('replicaCount: 2');
      expect(values).toHaveTextContent('*** (after)');
      expect(within(section).getByText(/-replicaCount: 1/)).toBeInTheDocument();
      expect(within(section).getByText('The manifest is the same in both revisions.')).toBeInTheDocument();
      expect(within(section).queryByTestId('manifest-diff')).toBeNull();
      await userEvent.selectOptions(within(section).getByLabelText('Diff layout'), 'unified');
      expect(within(section).getByTestId('values-diff')).toHaveAttribute('data-diff-layout', 'unified');
      // Picking another revision closes the diff; it is asked for again on request.
      await userEvent.selectOptions(screen.getByLabelText('From revision'), '1');
      expect(screen.queryByRole('region', { name: 'Values and manifest, revision 2 → 3 on eu' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Compare values and manifest of revisions 1 and 3' })).toBeInTheDocument();
    });

    it('shows why the agent could not answer (too old, not connected) and asks again on request', async () => {
      let asked = 0;
      mockHub({
        HelmReleaseRevisionDiff: () => {
          asked += 1;
          return gqlError('CONFLICT', 'the agent of this cluster is too old to read helm revisions (it needs protocol 7); upgrade it');
        },
      });
      renderRoute(<RevisionCompare history={history} cluster="eu" releaseId="h1" clusterId="c1" />);
      await userEvent.click(screen.getByRole('button', { name: 'Compare values and manifest of revisions 2 and 3' }));
      expect(await screen.findByText(/too old to read helm revisions \(it needs protocol 7\)/)).toBeInTheDocument();
      expect(screen.getByText('Could not read the revisions through the agent of eu')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(asked).toBe(2));
    });
  });
});
