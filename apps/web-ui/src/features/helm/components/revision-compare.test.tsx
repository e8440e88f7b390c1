import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
    render(<RevisionCompare history={history} cluster="eu" />);
    const table = screen.getByRole('table', { name: 'Revision 2 → 3 on eu' });
    expect(rowOf(table, 'Values (config digest)')).toHaveTextContent(`${digest('a')}${digest('b')}changed`);
    expect(rowOf(table, 'Status')).toHaveTextContent('supersededdeployedchanged');
    expect(rowOf(table, 'Chart')).toHaveTextContent('demo@1.1.0demo@1.1.0same');
  });

  it('picking other revisions compares those: 1 → 2 changed the chart version and kept the values', async () => {
    const user = userEvent.setup();
    render(<RevisionCompare history={history} cluster="eu" />);
    await user.selectOptions(screen.getByLabelText('From revision'), '1');
    await user.selectOptions(screen.getByLabelText('To revision'), '2');
    const table = screen.getByRole('table', { name: 'Revision 1 → 2 on eu' });
    expect(rowOf(table, 'Chart')).toHaveTextContent('demo@1.0.0demo@1.1.0changed');
    expect(rowOf(table, 'Values (config digest)')).toHaveTextContent('same');
  });

  it('shows nothing for a history of one revision (nothing to compare)', () => {
    render(<RevisionCompare history={history.slice(0, 1)} cluster="eu" />);
    expect(screen.queryByRole('region', { name: 'Compare revisions on eu' })).toBeNull();
  });
});
