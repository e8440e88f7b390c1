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
  managedBy: null,
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

  it('editing keeps spec fields the form does not show (commonMetadata) and starts from the stored values', async () => {
    const hub = mockHub(handlers({ UpdateHelmRelease: () => gqlData({ updateHelmRelease: { id: 'h1', name: 'guarded' } }) }));
    const existing: HubHelmRelease = {
      id: 'h1',
      managedBy: null,
      namespace: 'flotilla-system',
      name: 'guarded',
      generation: 1,
      spec: { interval: '5m', commonMetadata: { labels: { team: 'shop' } }, chart: { spec: { chart: 'guarded', version: '0.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, values: { replicaCount: 2 } },
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
    expect(input.input.spec).toMatchObject({ commonMetadata: { labels: { team: 'shop' } }, values: { replicaCount: 2 } });
  });

  describe('valuesFrom, driftDetection and postRenderers', () => {
    const stored = (spec: Record<string, unknown>): HubHelmRelease => ({
      id: 'h1',
      managedBy: null,
      namespace: 'flotilla-system',
      name: 'guarded',
      generation: 1,
      spec: { interval: '5m', chart: { spec: { chart: 'guarded', version: '0.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, ...spec },
      overlays: [],
      placement: { clusterSelector: 'env=prod', clusterNames: [] },
      chart: { name: 'guarded', version: '0.1.0', failureReason: null, failureMessage: null },
      clusterValues: [],
    });
    const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: guarded\nspec:\n  replicas: 2\n';
    const extras = {
      valuesFrom: [
        { kind: 'ConfigMap', name: 'shared-values' },
        { kind: 'Secret', name: 'db', valuesKey: 'password', targetPath: 'db.auth.password', optional: true, literal: true },
      ],
      driftDetection: { mode: 'warn', ignore: [{ paths: ['/spec/replicas', '/metadata/annotations/x'], target: { kind: 'Deployment', name: 'guarded' } }] },
      postRenderers: [
        { kustomize: { patches: [{ patch: PATCH, target: { kind: 'Deployment' } }], images: [{ name: 'nginx', newName: 'registry.local/nginx', newTag: '1.27' }] } },
        { kustomize: { images: [{ name: 'busybox', digest: 'sha256:' + 'a'.repeat(64) }] } },
      ],
    };

    it('a stored spec round-trips: every row shown on its field, both post-renderers in order, saved back unchanged (a reference’s literal kept)', async () => {
      const hub = mockHub(handlers({ UpdateHelmRelease: () => gqlData({ updateHelmRelease: { id: 'h1', name: 'guarded' } }) }));
      const { user, onSaved } = setup(stored(extras));
      expect(screen.getByLabelText('Values reference 1 kind')).toHaveValue('ConfigMap');
      expect(screen.getByLabelText('Values reference 1 name')).toHaveValue('shared-values');
      expect(screen.getByLabelText('Values reference 1 key')).toHaveValue('');
      expect(screen.getByLabelText('Values reference 1 key')).toHaveAttribute('placeholder', 'values.yaml');
      expect(screen.getByLabelText('Values reference 2 kind')).toHaveValue('Secret');
      expect(screen.getByLabelText('Values reference 2 key')).toHaveValue('password');
      expect(screen.getByLabelText('Values reference 2 target path')).toHaveValue('db.auth.password');
      expect(screen.getByLabelText(/^Values reference 2 optional/)).toBeChecked();
      expect(screen.getByLabelText('Drift detection mode')).toHaveValue('warn');
      expect(screen.getByLabelText('Ignore rule 1 paths')).toHaveValue('/spec/replicas\n/metadata/annotations/x');
      expect(screen.getByLabelText('Ignore rule 1 target kind')).toHaveValue('Deployment');
      expect(screen.getByLabelText('Ignore rule 1 target name')).toHaveValue('guarded');
      expect(screen.getByLabelText('Patch 1 YAML')).toHaveValue(PATCH);
      expect(screen.getByLabelText('Patch 1 target kind')).toHaveValue('Deployment');
      expect(screen.getByLabelText('Image 1 new tag')).toHaveValue('1.27');
      expect(screen.getByLabelText('Post-renderer 2 image 1 name')).toHaveValue('busybox');
      expect(screen.getByLabelText('Post-renderer 2 image 1 digest')).toHaveValue('sha256:' + 'a'.repeat(64));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(onSaved).toHaveBeenCalledWith('h1'));
      const spec = (hub.requests.find((r) => r.operationName === 'UpdateHelmRelease')?.variables as { input: { spec: Record<string, unknown> } }).input.spec;
      expect({ valuesFrom: spec.valuesFrom, driftDetection: spec.driftDetection, postRenderers: spec.postRenderers }).toEqual(extras);
    });

    it('every problem of the new fields at once, each on its field (targetPath by the agent’s parser, JSON pointers, target regexes), nothing sent', async () => {
      const hub = mockHub(handlers());
      const { user } = setup(stored({}));
      await user.click(screen.getByRole('button', { name: 'Add values reference' }));
      await user.type(screen.getByLabelText('Values reference 1 key'), 'bad key');
      await user.type(screen.getByLabelText('Values reference 1 target path'), 'a..b');
      await user.click(screen.getByRole('button', { name: 'Add ignore rule' }));
      await user.click(screen.getByRole('button', { name: 'Add ignore rule' }));
      await user.type(screen.getByLabelText('Ignore rule 2 paths'), 'spec/replicas');
      await user.type(screen.getByLabelText('Ignore rule 2 target kind'), 'Deploy(');
      await user.type(screen.getByLabelText('Ignore rule 2 target label selector'), 'app in (web');
      await user.click(screen.getByRole('button', { name: 'Add patch' }));
      await user.click(screen.getByRole('button', { name: 'Add patch' }));
      await user.type(screen.getByLabelText('Patch 2 YAML'), 'a: [[1');
      await user.click(screen.getByRole('button', { name: 'Add image' }));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(screen.getByLabelText('Values reference 1 name')).toHaveAccessibleDescription('Name is required.');
      expect(screen.getByLabelText('Values reference 1 key')).toHaveAccessibleDescription(/must match pattern/);
      expect(screen.getByLabelText('Values reference 1 target path')).toHaveAccessibleDescription('Not a path helm can set a value at: key has an empty segment.');
      expect(screen.getByLabelText('Ignore rule 1 paths')).toHaveAccessibleDescription('At least one JSON pointer, e.g. /spec/replicas.');
      expect(screen.getByLabelText('Ignore rule 2 paths')).toHaveAccessibleDescription('"spec/replicas" is not a JSON pointer');
      expect(screen.getByLabelText('Ignore rule 2 target kind')).toHaveAccessibleDescription('invalid regular expression "Deploy("');
      expect(screen.getByLabelText('Ignore rule 2 target label selector')).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByLabelText('Patch 1 YAML')).toHaveAccessibleDescription('The patch is required.');
      expect(screen.getByLabelText('Patch 2 YAML')).toHaveAccessibleDescription(/^Not YAML: /);
      expect(screen.getByLabelText('Image 1 name')).toHaveAttribute('aria-invalid', 'true');
      expect(hub.requests.filter((r) => r.operationName === 'UpdateHelmRelease')).toHaveLength(0);
    });

    it('sends valuesFrom (Flux: valuesKey defaults to values.yaml, so a blank key is left out), driftDetection and a post-renderer with Flux’s field names', async () => {
      const hub = mockHub(handlers({ CreateHelmRelease: () => gqlData({ createHelmRelease: { id: 'h2', name: 'guarded' } }) }));
      const { user, onSaved } = setup();
      await user.type(screen.getByLabelText('Name'), 'guarded');
      await user.type(screen.getByLabelText('Chart'), 'guarded');
      await user.click(screen.getByRole('button', { name: 'Add values reference' }));
      await user.type(screen.getByLabelText('Values reference 1 name'), 'shared-values');
      await user.click(screen.getByRole('button', { name: 'Add values reference' }));
      await user.selectOptions(screen.getByLabelText('Values reference 2 kind'), 'Secret');
      await user.type(screen.getByLabelText('Values reference 2 name'), 'db');
      await user.type(screen.getByLabelText('Values reference 2 key'), 'password');
      await user.type(screen.getByLabelText('Values reference 2 target path'), 'db.hosts[[0]');
      await user.click(screen.getByLabelText(/^Values reference 2 optional/));
      await user.selectOptions(screen.getByLabelText('Drift detection mode'), 'enabled');
      await user.click(screen.getByRole('button', { name: 'Add ignore rule' }));
      await user.type(screen.getByLabelText('Ignore rule 1 paths'), '/spec/replicas{Enter}/spec/template/metadata/annotations');
      await user.type(screen.getByLabelText('Ignore rule 1 target kind'), 'Deployment');
      await user.click(screen.getByRole('button', { name: 'Add patch' }));
      await user.type(screen.getByLabelText('Patch 1 YAML'), '- op: add{Enter}  path: /metadata/labels/team{Enter}  value: shop');
      await user.type(screen.getByLabelText('Patch 1 target kind'), 'Service');
      await user.click(screen.getByRole('button', { name: 'Add image' }));
      await user.type(screen.getByLabelText('Image 1 name'), 'nginx');
      await user.type(screen.getByLabelText('Image 1 new tag'), '1.27');
      await user.click(screen.getByRole('button', { name: 'Create HelmRelease' }));
      await waitFor(() => expect(onSaved).toHaveBeenCalledWith('h2'));
      const spec = (hub.requests.find((r) => r.operationName === 'CreateHelmRelease')?.variables as { input: { spec: Record<string, unknown> } }).input.spec;
      expect(spec.valuesFrom).toEqual([
        { kind: 'ConfigMap', name: 'shared-values' },
        { kind: 'Secret', name: 'db', valuesKey: 'password', targetPath: 'db.hosts[0]', optional: true },
      ]);
      expect(spec.driftDetection).toEqual({ mode: 'enabled', ignore: [{ paths: ['/spec/replicas', '/spec/template/metadata/annotations'], target: { kind: 'Deployment' } }] });
      expect(spec.postRenderers).toEqual([
        { kustomize: { patches: [{ patch: '- op: add\n  path: /metadata/labels/team\n  value: shop', target: { kind: 'Service' } }], images: [{ name: 'nginx', newTag: '1.27' }] } },
      ]);
    });

    it('removing every row removes the fields from the spec; a hub refusal naming spec.valuesFrom.0.targetPath lands on that field', async () => {
      const hub = mockHub(
        handlers({
          UpdateHelmRelease: () => gqlError('BAD_USER_INPUT', 'spec.valuesFrom.0.targetPath: Invalid string: must match pattern', 'spec.valuesFrom.0.targetPath'),
        }),
      );
      const { user } = setup(stored(extras));
      await user.click(screen.getByRole('button', { name: 'Remove values reference 2' }));
      await user.click(screen.getByRole('button', { name: 'Remove ignore rule 1' }));
      await user.selectOptions(screen.getByLabelText('Drift detection mode'), '');
      await user.click(screen.getByRole('button', { name: 'Remove patch 1' }));
      await user.click(screen.getByRole('button', { name: 'Remove image 1' }));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(screen.getByLabelText('Values reference 1 target path')).toHaveAccessibleDescription('Invalid string: must match pattern.'));
      const spec = (hub.requests.find((r) => r.operationName === 'UpdateHelmRelease')?.variables as { input: { spec: Record<string, unknown> } }).input.spec;
      expect(spec.valuesFrom).toEqual([{ kind: 'ConfigMap', name: 'shared-values' }]);
      expect(spec).not.toHaveProperty('driftDetection');
      // The first post-renderer is empty now, so it is left out; the second one is the only one left.
      expect(spec.postRenderers).toEqual([extras.postRenderers[1]]);
    });

    it('Flux runs post-renderers in order: a second one is added, edited and saved after the first; removing the first keeps the second’s fields', async () => {
      const hub = mockHub(handlers({ UpdateHelmRelease: () => gqlData({ updateHelmRelease: { id: 'h1', name: 'guarded' } }) }));
      const first = { kustomize: { images: [{ name: 'nginx', newTag: '1.27' }] }, extra: 'kept' };
      const { user, onSaved } = setup(stored({ postRenderers: [first] }));
      await user.click(screen.getByRole('button', { name: 'Add post-renderer' }));
      await user.click(screen.getByRole('button', { name: 'Add patch to post-renderer 2' }));
      await user.type(screen.getByLabelText('Post-renderer 2 patch 1 YAML'), 'a: [[1');
      await user.click(screen.getByRole('button', { name: 'Add image to post-renderer 2' }));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      expect(screen.getByLabelText('Post-renderer 2 patch 1 YAML')).toHaveAccessibleDescription(/^Not YAML: /);
      expect(screen.getByLabelText('Post-renderer 2 image 1 name')).toHaveAccessibleDescription('The image name to replace is required, e.g. ghcr.io/org/app.');
      expect(screen.getByLabelText('Image 1 new tag')).not.toHaveAttribute('aria-invalid', 'true');
      expect(hub.requests.filter((r) => r.operationName === 'UpdateHelmRelease')).toHaveLength(0);
      await user.clear(screen.getByLabelText('Post-renderer 2 patch 1 YAML'));
      await user.type(screen.getByLabelText('Post-renderer 2 patch 1 YAML'), 'kind: Service{Enter}metadata:{Enter}  name: web{Enter}  labels:{Enter}    team: shop');
      await user.type(screen.getByLabelText('Post-renderer 2 image 1 name'), 'busybox');
      await user.type(screen.getByLabelText('Post-renderer 2 image 1 new name'), 'registry.local/busybox');
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(onSaved).toHaveBeenCalledWith('h1'));
      const second = { kustomize: { patches: [{ patch: 'kind: Service\nmetadata:\n  name: web\n  labels:\n    team: shop' }], images: [{ name: 'busybox', newName: 'registry.local/busybox' }] } };
      const saved = (hub.requests.filter((r) => r.operationName === 'UpdateHelmRelease')[0]?.variables as { input: { spec: Record<string, unknown> } }).input.spec;
      expect(saved.postRenderers).toEqual([first, second]);
      await user.click(screen.getByRole('button', { name: 'Remove post-renderer 1' }));
      expect(screen.getByLabelText('Image 1 name')).toHaveValue('busybox');
      expect(screen.queryByRole('button', { name: /Remove post-renderer/ })).not.toBeInTheDocument();
    });

    it('a hub refusal inside the second post-renderer lands on that post-renderer’s field', async () => {
      mockHub(handlers({ UpdateHelmRelease: () => gqlError('BAD_USER_INPUT', 'spec.postRenderers.1.kustomize.images.0.digest: Invalid string', 'spec.postRenderers.1.kustomize.images.0.digest') }));
      const { user } = setup(stored(extras));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(screen.getByLabelText('Post-renderer 2 image 1 digest')).toHaveAccessibleDescription('Invalid string.'));
    });
  });
});
