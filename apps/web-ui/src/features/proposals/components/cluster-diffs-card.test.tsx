import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ClusterDiffsCard } from './cluster-diffs-card';

const diff = { kustomization: 'flux-system/apps', helmRelease: null, cluster: 'a', added: [], removed: [], error: null, changed: [] };

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

  it('labels each diff with what rendered it: the Kustomization, or the HelmRelease whose chart the source holds', () => {
    render(
      <ClusterDiffsCard
        layout="unified"
        diffs={[
          { ...diff, hiddenVariables: [], note: null },
          { ...diff, kustomization: null, helmRelease: 'flux-system/app', hiddenVariables: [], note: null, error: 'execution error at (app/templates/cm.yaml:6:11): values.missing is required' },
        ]}
      />,
    );
    expect(screen.getByText('· Kustomization flux-system/apps')).toBeTruthy();
    expect(screen.getByText('· HelmRelease flux-system/app')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('values.missing is required');
  });
});
