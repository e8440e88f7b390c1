import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub, type RecordedRequest } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { KustomizationDetail } from '../api/kustomization-types';
import { KustomizationForm } from './kustomization-form';

const sources = () =>
  gqlData({
    gitRepositories: [
      {
        id: 's1',
        namespace: 'flotilla-system',
        name: 'fleet-infra',
        url: 'https://x/fleet.git',
        ready: 'True',
      },
      { id: 's2', namespace: 'flotilla-system', name: 'broken', url: 'https://x/b.git', ready: 'False' },
    ],
    ociRepositories: [
      { id: 'o1', namespace: 'flotilla-system', name: 'app-manifests', url: 'oci://registry.example/app', ready: 'True' },
    ],
  });
const node = (name: string, env: string) => ({
  node: { id: `id-${name}`, name, connectionState: 'CONNECTED', labels: [{ key: 'env', value: env }] },
});
const ALL = [node('prod-eu-1', 'prod'), node('prod-us-1', 'prod'), node('staging-1', 'staging')];
// The hub answers `clusters(selector:)`; this stand-in only knows env=… selectors, enough for the preview.
const clusters = (req: RecordedRequest) => {
  const selector = (req.variables?.selector as string | null) ?? null;
  const env = selector ? /^env=(\w+)$/.exec(selector)?.[1] : null;
  const edges = selector === null ? ALL : ALL.filter((e) => e.node.labels[0]?.value === env);
  return gqlData({ clusters: { totalCount: edges.length, edges } });
};

function setup(existing?: KustomizationDetail) {
  const onSaved = vi.fn();
  const user = userEvent.setup();
  renderRoute(<KustomizationForm existing={existing} onSaved={onSaved} onCancel={() => {}} />);
  return { user, onSaved };
}

/** A stored Kustomization as GetKustomization returns it; `spec` and the fields it feeds come from `over`. */
function stored(over: Partial<KustomizationDetail>): KustomizationDetail {
  return {
    id: 'k1',
    namespace: 'flotilla-system',
    name: 'apps',
    path: './apps',
    interval: '5m',
    retryInterval: null,
    timeout: null,
    prune: true,
    wait: false,
    force: false,
    suspend: false,
    generation: 1,
    labels: [],
    targetNamespace: null,
    dependsOn: [],
    sourceRef: { kind: 'GitRepository', name: 'fleet-infra', namespace: null },
    placement: { clusterSelector: 'env=prod', clusterNames: [] },
    clusters: [],
    managedBy: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    spec: { sourceRef: { kind: 'GitRepository', name: 'fleet-infra' }, path: './apps', interval: '5m', prune: true },
    ...over,
  };
}

describe('KustomizationForm', () => {
  it('validates required fields, Go durations, dependsOn names and cluster names before sending', async () => {
    const hub = mockHub({ KustomizationSourceOptions: sources, PlacementPreview: clusters });
    const { user } = setup();
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), 'ten minutes');
    await user.type(screen.getByLabelText('Retry interval'), '2');
    await user.type(screen.getByLabelText('Depends on'), 'Infra');
    await user.type(screen.getByLabelText('Cluster names'), 'Prod_EU');
    await user.clear(screen.getByLabelText('Path'));
    await user.type(screen.getByLabelText('Path'), '../other');
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    expect(screen.getByText('Name is required.')).toBeInTheDocument();
    expect(screen.getByText('Choose the source to build from.')).toBeInTheDocument();
    expect(screen.getByLabelText('Interval')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Retry interval')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/"Infra": Use lowercase/)).toBeInTheDocument();
    expect(screen.getByText(/"Prod_EU": Use lowercase/)).toBeInTheDocument();
    expect(screen.getByText(/no "\.\."/)).toBeInTheDocument();
    expect(hub.requests.some((r) => r.operationName === 'CreateKustomization')).toBe(false);
  });

  it('says every problem of dependsOn and cluster names at once, one per entry, and refuses zero durations', async () => {
    const hub = mockHub({ KustomizationSourceOptions: sources, PlacementPreview: clusters });
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'apps');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '0s');
    await user.type(screen.getByLabelText('Timeout'), '0m');
    await user.type(screen.getByLabelText('Depends on'), 'Infra, infra-ok, Bad_NS/db, apps');
    await user.type(screen.getByLabelText('Cluster names'), 'Prod_EU, prod-us-1, -edge');
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    const deps = screen.getByLabelText('Depends on');
    expect(deps).toHaveAccessibleDescription(
      /"Infra": Use lowercase.*"Bad_NS\/db": Use lowercase.*"apps": A Kustomization cannot depend on itself\./,
    );
    expect(deps).not.toHaveAccessibleDescription(/infra-ok/);
    expect(screen.getByLabelText('Cluster names')).toHaveAccessibleDescription(/"Prod_EU": .*"-edge": /);
    expect(screen.getByLabelText('Interval')).toHaveAccessibleDescription(
      'Must be longer than zero, e.g. 30s, 5m, 1h30m.',
    );
    expect(screen.getByLabelText('Timeout')).toHaveAccessibleDescription(/^Must be longer than zero/);
    // The placement preview does not speak of the invalid names: their errors are on the field.
    await waitFor(() =>
      expect(screen.getByTestId('placement-preview')).toHaveTextContent('1 cluster targeted'),
    );
    expect(screen.getByTestId('placement-preview')).not.toHaveTextContent(/Prod_EU|-edge|saved anyway/);
    expect(hub.requests.some((r) => r.operationName === 'CreateKustomization')).toBe(false);
  });

  it('a name already in use is said on the name field in plain words, with no raw CONFLICT, until the name changes', async () => {
    mockHub({
      KustomizationSourceOptions: sources,
      PlacementPreview: clusters,
      CreateKustomization: () => gqlError('CONFLICT', 'a Kustomization flotilla-system/apps exists already'),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'apps');
    await user.selectOptions(screen.getByLabelText('Source'), 'GitRepository/flotilla-system/fleet-infra');
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    const name = screen.getByLabelText('Name');
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription(
        'Another Kustomization is already called "apps". Choose another name, or edit that one.',
      ),
    );
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByText('CONFLICT')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    await user.type(name, '-2');
    expect(name).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText(/already called/)).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('checks label-selector syntax as you type and previews the matching clusters live', async () => {
    const hub = mockHub({ KustomizationSourceOptions: sources, PlacementPreview: clusters });
    const { user } = setup();
    const preview = screen.getByTestId('placement-preview');
    expect(preview).toHaveTextContent('targets no cluster');
    await user.type(screen.getByLabelText('Cluster selector'), 'env in (prod');
    expect(screen.getByLabelText('Cluster selector')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/expected: ',' or '\)'/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Cluster selector'));
    await user.type(screen.getByLabelText('Cluster selector'), 'env=prod');
    await waitFor(() => expect(preview).toHaveTextContent('2 clusters targeted'));
    expect(within(preview).getByText('prod-eu-1')).toBeInTheDocument();
    expect(within(preview).getByText('prod-us-1')).toBeInTheDocument();
    expect(within(preview).queryByText('staging-1')).toBeNull();
    // Named clusters add to the selector's; an unknown name is called out.
    await user.type(screen.getByLabelText('Cluster names'), 'staging-1, nope-1');
    await waitFor(() => expect(preview).toHaveTextContent('3 clusters targeted'));
    expect(preview).toHaveTextContent(
      /No such cluster yet.*nope-1: targeted as soon as a cluster with that name is registered/,
    );
    const selectors = hub.requests
      .filter((r) => r.operationName === 'PlacementPreview')
      .map((r) => r.variables?.selector);
    expect(selectors).toContain('env=prod');
    expect(selectors).not.toContain('env in (prod');
  });

  it('creates with Flux field names: sourceRef, path, prune, postBuild.substitute and the placement', async () => {
    const hub = mockHub({
      KustomizationSourceOptions: sources,
      PlacementPreview: clusters,
      CreateKustomization: () => gqlData({ createKustomization: { id: 'k9', name: 'apps' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'apps');
    await screen.findByRole('option', { name: 'GitRepository/fleet-infra' });
    await user.selectOptions(screen.getByLabelText('Source'), 'GitRepository/flotilla-system/fleet-infra');
    await user.clear(screen.getByLabelText('Path'));
    await user.type(screen.getByLabelText('Path'), './clusters/my-cluster');
    await user.type(screen.getByLabelText('Timeout'), '2m');
    await user.click(screen.getByLabelText(/^Wait/));
    await user.click(screen.getByRole('button', { name: '+ Add variable' }));
    await user.type(screen.getByLabelText('Variable 1 key'), 'replicas');
    await user.type(screen.getByLabelText('Variable 1 value'), '2');
    await user.click(screen.getByRole('button', { name: '+ Add label' }));
    await user.type(screen.getByLabelText('Label 1 key'), 'team');
    await user.type(screen.getByLabelText('Label 1 value'), 'shop');
    await user.type(screen.getByLabelText('Cluster selector'), 'env=prod');
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('k9'));
    expect(hub.requests.find((r) => r.operationName === 'CreateKustomization')?.variables).toEqual({
      input: {
        name: 'apps',
        spec: {
          sourceRef: { kind: 'GitRepository', name: 'fleet-infra', namespace: 'flotilla-system' },
          path: './clusters/my-cluster',
          interval: '10m',
          timeout: '2m',
          prune: true,
          wait: true,
          force: false,
          suspend: false,
          postBuild: { substitute: { replicas: '2' } },
        },
        placement: { clusterSelector: 'env=prod', clusterNames: [] },
        labels: [{ key: 'team', value: 'shop' }],
      },
    });
  });

  it('labels follow the Kubernetes label rules: a bad key or value is refused before sending', async () => {
    const hub = mockHub({ KustomizationSourceOptions: sources, PlacementPreview: clusters });
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: '+ Add label' }));
    await user.type(screen.getByLabelText('Label 1 key'), '-team');
    await user.type(screen.getByLabelText('Label 1 value'), 'no spaces');
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    expect(screen.getByLabelText('Label 1 key')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Label 1 value')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests.some((r) => r.operationName === 'CreateKustomization')).toBe(false);
  });

  it('a bad substitution variable name is refused (Flux: ^[_[:alpha:]][_[:alpha:][:digit:]]*$)', async () => {
    const hub = mockHub({ KustomizationSourceOptions: sources, PlacementPreview: clusters });
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: '+ Add variable' }));
    await user.type(screen.getByLabelText('Variable 1 key'), '1replicas');
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    expect(screen.getByLabelText('Variable 1 key')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests.some((r) => r.operationName === 'CreateKustomization')).toBe(false);
  });

  it('editing keeps spec fields the form does not show (patches, images) and shows hub field errors in place', async () => {
    let calls = 0;
    const hub = mockHub({
      KustomizationSourceOptions: sources,
      PlacementPreview: clusters,
      UpdateKustomization: () =>
        ++calls === 1
          ? gqlError('BAD_USER_INPUT', 'sourceRef: GitRepository "gone" not found', 'spec.sourceRef.name')
          : gqlData({ updateKustomization: { id: 'k1', name: 'apps' } }),
    });
    const existing = stored({
      generation: 3,
      labels: [{ key: 'team', value: 'shop' }],
      targetNamespace: 'apps',
      dependsOn: [{ name: 'infra', namespace: null }],
      spec: {
        sourceRef: { kind: 'GitRepository', name: 'fleet-infra' },
        path: './apps',
        interval: '5m',
        prune: true,
        targetNamespace: 'apps',
        dependsOn: [{ name: 'infra' }],
        images: [{ name: 'nginx', newTag: '1.27' }],
        postBuild: { substitute: { region: 'eu' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars' }] },
      },
    });
    const { user, onSaved } = setup(existing);
    expect(screen.getByLabelText('Variable 1 key')).toHaveValue('region');
    expect(screen.getByLabelText('Label 1 key')).toHaveValue('team');
    expect(screen.getByLabelText('Label 1 value')).toHaveValue('shop');
    expect(screen.getByLabelText('Depends on')).toHaveValue('infra');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('GitRepository "gone" not found.');
    expect(screen.getByLabelText('Source')).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('k1'));
    const input = hub.requests.filter((r) => r.operationName === 'UpdateKustomization').at(-1)?.variables as {
      input: { spec: Record<string, unknown>; labels: unknown };
    };
    expect(input.input.labels).toEqual([{ key: 'team', value: 'shop' }]);
    expect(input.input.spec).toMatchObject({
      images: [{ name: 'nginx', newTag: '1.27' }],
      postBuild: { substitute: { region: 'eu' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars' }] },
      dependsOn: [{ name: 'infra' }],
      targetNamespace: 'apps',
    });
  });

  it('the source picker offers hub OCIRepositories beside GitRepositories and sends sourceRef.kind OCIRepository (Flux: sourceRef.kind GitRepository|OCIRepository|Bucket)', async () => {
    const hub = mockHub({
      KustomizationSourceOptions: sources,
      PlacementPreview: clusters,
      CreateKustomization: () => gqlData({ createKustomization: { id: 'k9', name: 'apps' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'apps');
    const option = await screen.findByRole('option', { name: 'OCIRepository/app-manifests' });
    expect(screen.getByRole('option', { name: 'GitRepository/fleet-infra' })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Source'), option);
    await user.click(screen.getByRole('button', { name: 'Create Kustomization' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('k9'));
    const input = hub.requests.find((r) => r.operationName === 'CreateKustomization')?.variables?.input as { spec: Record<string, unknown> };
    expect(input.spec.sourceRef).toEqual({ kind: 'OCIRepository', name: 'app-manifests', namespace: 'flotilla-system' });
    expect(input.spec).not.toHaveProperty('serviceAccountName');
  });

  it('serviceAccountName round-trips, is sent as Flux’s spec.serviceAccountName, and a bad name is refused on the field before sending', async () => {
    const hub = mockHub({
      KustomizationSourceOptions: sources,
      PlacementPreview: clusters,
      UpdateKustomization: () => gqlData({ updateKustomization: { id: 'k1', name: 'apps' } }),
    });
    const existing = stored({
      namespace: 'team-a',
      sourceRef: { kind: 'OCIRepository', name: 'app-manifests', namespace: 'flotilla-system' },
      spec: {
        sourceRef: { kind: 'OCIRepository', name: 'app-manifests', namespace: 'flotilla-system' },
        path: './apps',
        interval: '5m',
        prune: true,
        serviceAccountName: 'team-a-deployer',
      },
    });
    const { user, onSaved } = setup(existing);
    const account = screen.getByLabelText('Service account');
    expect(account).toHaveValue('team-a-deployer');
    await waitFor(() => expect(screen.getByLabelText('Source')).toHaveValue('OCIRepository/flotilla-system/app-manifests'));
    await user.clear(account);
    await user.type(account, 'Team_A');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(account).toHaveAttribute('aria-invalid', 'true');
    expect(account).toHaveAccessibleDescription(/Use lowercase letters/);
    expect(hub.requests.some((r) => r.operationName === 'UpdateKustomization')).toBe(false);
    await user.clear(account);
    await user.type(account, 'deployer');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('k1'));
    const input = hub.requests.find((r) => r.operationName === 'UpdateKustomization')?.variables as { input: { spec: Record<string, unknown> } };
    expect(input.input.spec).toMatchObject({
      serviceAccountName: 'deployer',
      sourceRef: { kind: 'OCIRepository', name: 'app-manifests', namespace: 'flotilla-system' },
    });
  });

  it('clearing the service account removes spec.serviceAccountName (the agent applies with its own account again)', async () => {
    const hub = mockHub({
      KustomizationSourceOptions: sources,
      PlacementPreview: clusters,
      UpdateKustomization: () => gqlData({ updateKustomization: { id: 'k1', name: 'apps' } }),
    });
    const { user, onSaved } = setup(
      stored({ spec: { sourceRef: { kind: 'GitRepository', name: 'fleet-infra' }, path: './apps', interval: '5m', prune: true, serviceAccountName: 'old' } }),
    );
    await user.clear(screen.getByLabelText('Service account'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('k1'));
    const input = hub.requests.find((r) => r.operationName === 'UpdateKustomization')?.variables as { input: { spec: Record<string, unknown> } };
    expect(input.input.spec).not.toHaveProperty('serviceAccountName');
    expect(input.input.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'fleet-infra', namespace: 'flotilla-system' });
  });
});
