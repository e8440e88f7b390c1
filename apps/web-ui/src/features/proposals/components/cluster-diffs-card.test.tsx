import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ClusterDiffsCard } from './cluster-diffs-card';

const diff = { kustomization: 'flux-system/apps', cluster: 'a', added: [], removed: [], error: null, changed: [] };

describe('ClusterDiffsCard', () => {
  it('names the variables whose Secret values are hidden, and says what a cluster’s render went without', () => {
    render(
      <ClusterDiffsCard
        layout="unified"
        diffs={[
          { ...diff, hiddenVariables: ['api_token'], note: null },
          { ...diff, cluster: 'b', hiddenVariables: [], note: 'substituteFrom not applied: its agent is not connected' },
        ]}
      />,
    );
    expect(screen.getByText(/placeholders stand for \$\{api_token\}/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('substituteFrom not applied: its agent is not connected');
  });
});
