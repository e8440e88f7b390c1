import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import { gqlData, gqlError, mockHub, type RecordedRequest } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { HubHelmRelease, HubHelmRepository } from '../api/list-hub-helm';
import { HelmReleaseForm } from './helm-release-form';

const repository: HubHelmRepository = {
  id: 'r1',
  namespace: 'flotilla-system',
  name: 'charts',
  type: 'default',
  url: 'https://charts.example.com',
  insecure: false,
  interval: '10m',
  timeout: '60s',
  passCredentials: false,
  suspend: false,
  ready: 'True',
  message: null,
  credentialsKind: null,
  hasCaCertificate: false,
  hasClientCertificate: false,
  conditions: [],
  artifact: null,
};

const SCHEMA = JSON.stringify({
  type: 'object',
  properties: { replicaCount: { type: 'integer', minimum: 1 }, image: { type: 'object', properties: { tag: { type: 'string' } } } },
});

const handlers = (over: Record<string, (r: RecordedRequest) => ReturnType<typeof gqlData>> = {}) => ({
  HelmChartInfo: () => gqlData({ helmChartInfo: { chart: 'guarded', version: '0.1.0', defaultValues: '# defaults\nreplicaCount: 1\nimage:\n  tag: "1.0"\n', valuesSchema: SCHEMA } }),
  PlacementPreview: () => gqlData({ clusters: { totalCount: 1, edges: [{ node: { id: 'c1', name: 'prod-eu', connectionState: 'CONNECTED', labels: [{ key: 'env', value: 'prod' }] } }] } }),
  ...over,
});

/** Types into a CodeMirror editor the way a keystroke would: a transaction replacing its document. */
function typeInEditor(testId: string, text: string) {
  const content = within(screen.getByTestId(testId)).getAllByRole('textbox')[0]!;
  const view = EditorView.findFromDOM(content)!;
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

function setup(existing?: HubHelmRelease) {
  const onSaved = vi.fn();
  const user = userEvent.setup();
  renderRoute(<HelmReleaseForm existing={existing} repositories={[repository]} onSaved={onSaved} onCancel={() => {}} />);
  return { user, onSaved };
}

describe('HelmReleaseForm', () => {
  it('every problem on its field at once, the version range by the hub’s rule, without calling the hub to save', async () => {
    const hub = mockHub(handlers());
    const { user } = setup();
    await user.clear(screen.getByLabelText('Version range'));
    await user.type(screen.getByLabelText('Version range'), '>=1.0.0 <<2');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '5d');
    await user.type(screen.getByLabelText('Cluster selector'), 'env in (prod');
    await user.click(screen.getByRole('button', { name: 'Add overlay' }));
    await user.click(screen.getByRole('button', { name: 'Create HelmRelease' }));
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Chart')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Not a version range the hub can use/)).toBeInTheDocument();
    expect(screen.getByLabelText('Interval')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Cluster selector')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Overlay 1 cluster selector')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests.filter((r) => r.operationName === 'CreateHelmRelease')).toHaveLength(0);
  });

  it('shows the chart’s defaults beside the editor and a schema error at its path and line, and refuses to save', async () => {
    const hub = mockHub(handlers());
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'guarded');
    await user.type(screen.getByLabelText('Chart'), 'guarded');
    await waitFor(() => expect(screen.getByTestId('values-editor-defaults')).toHaveTextContent('replicaCount: 1'));
    expect(hub.requests.find((r) => r.operationName === 'HelmChartInfo')?.variables).toEqual({ namespace: 'flotilla-system', repository: 'charts', chart: 'guarded', version: '*' });
    typeInEditor('values-editor', 'image:\n  tag: 7\nreplicaCount: 0\n');
    const problems = await screen.findByRole('list', { name: 'Problems in Values' });
    const tag = within(problems).getByText('image.tag').closest('li')!;
    expect(tag).toHaveAttribute('data-line', '2');
    expect(tag).toHaveTextContent('must be string');
    expect(within(problems).getByText('replicaCount').closest('li')).toHaveAttribute('data-line', '3');
    await user.click(screen.getByRole('button', { name: 'Create HelmRelease' }));
    expect(screen.getByText('Fix the problems in the values first.')).toBeInTheDocument();
    expect(hub.requests.filter((r) => r.operationName === 'CreateHelmRelease')).toHaveLength(0);
  });

  it('a YAML error is shown at its line', async () => {
    mockHub(handlers());
    setup();
    typeInEditor('values-editor', 'a: 1\nb: [1, 2\n');
    const problems = await screen.findByRole('list', { name: 'Problems in Values' });
    expect(within(problems).getAllByRole('listitem')[0]!.getAttribute('data-line')).not.toBeNull();
  });

  it('sends the Flux spec, overlays and placement; a hub refusal on the values lands under the editor', async () => {
    const hub = mockHub(
      handlers({
        CreateHelmRelease: () => gqlError('BAD_USER_INPUT', "spec.values: values don't meet the specifications of the schema of chart guarded 0.1.0: extra: is not allowed", 'spec.values'),
      }),
    );
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'guarded');
    await user.type(screen.getByLabelText('Chart'), 'guarded');
    await user.clear(screen.getByLabelText('Version range'));
    await user.type(screen.getByLabelText('Version range'), '0.x');
    await user.type(screen.getByLabelText('Cluster selector'), 'env=prod');
    await user.type(screen.getByLabelText('Target namespace'), 'apps');
    await user.click(screen.getByLabelText('Install: create the target namespace'));
    await user.click(screen.getByLabelText('Uninstall: keep history'));
    typeInEditor('values-editor', 'replicaCount: 2\n');
    await user.click(screen.getByRole('button', { name: 'Add overlay' }));
    await user.type(screen.getByLabelText('Overlay 1 cluster selector'), 'region=eu');
    typeInEditor('overlay-0-values', 'image:\n  tag: "${cluster_name}"\n');
    await user.click(screen.getByRole('button', { name: 'Create HelmRelease' }));
    await waitFor(() => expect(hub.requests.some((r) => r.operationName === 'CreateHelmRelease')).toBe(true));
    const input = hub.requests.find((r) => r.operationName === 'CreateHelmRelease')?.variables?.input;
    expect(input).toEqual({
      name: 'guarded',
      spec: {
        chart: { spec: { chart: 'guarded', version: '0.x', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flotilla-system' } } },
        interval: '5m',
        install: { createNamespace: true },
        uninstall: { keepHistory: true },
        values: { replicaCount: 2 },
        targetNamespace: 'apps',
      },
      overlays: [{ clusterSelector: 'region=eu', values: { image: { tag: '${cluster_name}' } } }],
      placement: { clusterSelector: 'env=prod', clusterNames: [] },
    });
    const problems = await screen.findByRole('list', { name: 'Problems in Values' });
    expect(problems).toHaveTextContent('extra: is not allowed');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('the rendered values of a chosen cluster come from the hub’s preview of the unsaved form', async () => {
    const hub = mockHub(
      handlers({
        HelmValuesPreview: (r) => gqlData({ helmValuesPreview: { clusterId: 'c1', clusterName: 'prod-eu', values: { ...(r.variables?.input as { values: object }).values, who: 'prod-eu' }, error: null } }),
      }),
    );
    const { user } = setup();
    typeInEditor('values-editor', 'replicaCount: 3\nwho: ${cluster_name}\n');
    await screen.findByRole('option', { name: 'prod-eu' });
    await user.selectOptions(screen.getByLabelText('Cluster'), 'c1');
    await waitFor(() => expect(screen.getByTestId('rendered-values')).toHaveTextContent('who: prod-eu'));
    expect(hub.requests.find((r) => r.operationName === 'HelmValuesPreview')?.variables?.input).toEqual({ clusterId: 'c1', values: { replicaCount: 3, who: '${cluster_name}' }, overlays: [] });
  });

  it('editing keeps spec fields the form does not show (driftDetection) and starts from the stored values', async () => {
    const hub = mockHub(handlers({ UpdateHelmRelease: () => gqlData({ updateHelmRelease: { id: 'h1', name: 'guarded' } }) }));
    const existing: HubHelmRelease = {
      id: 'h1',
      namespace: 'flotilla-system',
      name: 'guarded',
      generation: 1,
      spec: { interval: '5m', driftDetection: { mode: 'warn' }, chart: { spec: { chart: 'guarded', version: '0.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, values: { replicaCount: 2 } },
      overlays: [],
      placement: { clusterSelector: 'env=prod', clusterNames: [] },
      chart: { name: 'guarded', version: '0.1.0', failureReason: null, failureMessage: null },
      clusterValues: [],
    };
    const { user, onSaved } = setup(existing);
    expect(screen.getByLabelText('Name')).toHaveAttribute('readonly');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('h1'));
    const input = hub.requests.find((r) => r.operationName === 'UpdateHelmRelease')?.variables as { id: string; input: { namespace: string; spec: Record<string, unknown> } };
    expect(input.id).toBe('h1');
    expect(input.input.namespace).toBe('flotilla-system');
    expect(input.input.spec).toMatchObject({ driftDetection: { mode: 'warn' }, values: { replicaCount: 2 } });
  });
});
