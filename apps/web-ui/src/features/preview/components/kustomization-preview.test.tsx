import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../../test/render';
import { ApiError } from '../../../lib/api-error';
import { makeTarball } from '../../../../../spoke-agent/src/reconcile/testing/make-tarball';
import type { PreviewRequest, PreviewResult } from '../render/preview-types';
import { KustomizationPreview, type PreviewCluster } from './kustomization-preview';

const clusters: PreviewCluster[] = [
  {
    name: 'edge',
    inventory: ['default_demo__ConfigMap', 'default_old__ConfigMap'],
    lastAppliedRevision: 'main@sha1:aaa',
    observedSavedSpec: true,
  },
  { name: 'other', inventory: [], lastAppliedRevision: null, observedSavedSpec: false },
];
const result: PreviewResult = {
  revision: 'main@sha1:aaa',
  picked: false,
  source: 'GitRepository/flotilla-system/fleet',
  objects: [
    {
      id: 'default_demo__ConfigMap',
      subject: 'ConfigMap/default/demo',
      yaml: 'data:\n  greeting: bye\n',
      before: 'data:\n  greeting: hello\n',
      change: 'changed',
    },
    {
      id: 'default_new__ConfigMap',
      subject: 'ConfigMap/default/new',
      yaml: 'kind: ConfigMap\n',
      before: null,
      change: 'added',
    },
  ],
  removed: ['default_old__ConfigMap'],
  output: 'kind: ConfigMap\n---\n',
  warnings: [],
  decrypted: false,
  baselineNote: null,
};

afterEach(() => vi.unstubAllGlobals());

describe('KustomizationPreview', () => {
  it('sends the chosen cluster’s inventory, path and key to the renderer, and lists new, changed and pruned objects', async () => {
    const render = vi.fn(async (_req: PreviewRequest) => result);
    const user = userEvent.setup();
    renderRoute(
      <KustomizationPreview namespace="flotilla-system" name="apps" clusters={clusters} render={render} />,
    );
    await user.type(screen.getByLabelText('Path (optional)'), './apps');
    await user.type(screen.getByLabelText('Age key (optional)'), 'AGE-SECRET-KEY-1XYZ');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    const out = await screen.findByTestId('preview-result');
    expect(render).toHaveBeenCalledWith({
      cluster: 'edge',
      namespace: 'flotilla-system',
      name: 'apps',
      path: './apps',
      spec: undefined,
      ageKey: 'AGE-SECRET-KEY-1XYZ',
      inventory: ['default_demo__ConfigMap', 'default_old__ConfigMap'],
      lastAppliedRevision: 'main@sha1:aaa',
      observedSavedSpec: true,
    });
    expect(within(out).getByText(/2 objects built from/)).toBeInTheDocument();
    const rows = within(out).getAllByTestId('preview-object');
    expect(rows.map((r) => r.dataset.change)).toEqual(['changed', 'added']);
    expect(within(rows[1]!).getByText('new')).toBeInTheDocument();
    expect(within(out).getByTestId('preview-removed')).toHaveTextContent('default_old__ConfigMap');
    expect(within(out).getByTestId('preview-output').textContent).toBe('kind: ConfigMap\n---\n');
  });

  it('a refusal from the hub is shown, and nothing is listed', async () => {
    const render = vi.fn(async (_req: PreviewRequest): Promise<PreviewResult> => {
      throw new ApiError(
        'KUSTOMIZATION_NOT_FOUND',
        "Kustomization 'apps' not found in 'flotilla-system' namespace",
        404,
      );
    });
    const user = userEvent.setup();
    renderRoute(
      <KustomizationPreview namespace="flotilla-system" name="apps" clusters={clusters} render={render} />,
    );
    await user.selectOptions(screen.getByLabelText('Cluster'), 'other');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    expect(
      await screen.findByText("Kustomization 'apps' not found in 'flotilla-system' namespace"),
    ).toBeInTheDocument();
    expect(render.mock.calls[0]![0]).toMatchObject({
      cluster: 'other',
      inventory: [],
      lastAppliedRevision: null,
    });
    expect(screen.queryByTestId('preview-result')).toBeNull();
  });

  it('Source revision: the cluster’s by default (no ref sent); a picked tag or commit goes to the renderer as Flux’s GitRepositoryRef field', async () => {
    const render = vi.fn(async (_req: PreviewRequest) => result);
    const user = userEvent.setup();
    renderRoute(
      <KustomizationPreview
        namespace="flotilla-system"
        name="apps"
        clusters={clusters}
        sourceKind="GitRepository"
        render={render}
      />,
    );
    const control = screen.getByLabelText('Source revision');
    expect(control).toHaveValue('');
    expect(
      within(control)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['The cluster’s revision', 'Branch', 'Tag', 'SemVer range', 'Commit', 'Reference name']);
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    await screen.findByTestId('preview-result');
    expect(render.mock.calls[0]![0]).not.toHaveProperty('ref');

    await user.selectOptions(control, 'tag');
    await user.type(screen.getByLabelText('Tag'), ' v1.0.0 ');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    await waitFor(() => expect(render).toHaveBeenCalledTimes(2));
    expect(render.mock.calls[1]![0].ref).toEqual({ tag: 'v1.0.0' });

    await user.selectOptions(control, 'commit');
    expect(screen.getByLabelText('Commit')).toHaveValue('');
    await user.type(screen.getByLabelText('Commit'), 'abc123');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    expect(
      await screen.findByText('A commit is a full SHA-1 (40 hex digits) or SHA-256 (64).'),
    ).toBeInTheDocument();
    expect(render).toHaveBeenCalledTimes(2);
    await user.clear(screen.getByLabelText('Commit'));
    await user.type(screen.getByLabelText('Commit'), 'b'.repeat(40));
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    await waitFor(() => expect(render).toHaveBeenCalledTimes(3));
    expect(render.mock.calls[2]![0].ref).toEqual({ commit: 'b'.repeat(40) });
  });

  it('an OCIRepository source: a tag, SemVer range or digest (Flux’s OCIRepositoryRef fields), checked before the hub is asked', async () => {
    const render = vi.fn(async (_req: PreviewRequest) => result);
    const user = userEvent.setup();
    renderRoute(
      <KustomizationPreview namespace="n" name="apps" clusters={clusters} sourceKind="OCIRepository" render={render} />,
    );
    const control = screen.getByLabelText('Source revision');
    expect(
      within(control)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['The cluster’s revision', 'Tag', 'SemVer range', 'Digest']);
    await user.selectOptions(control, 'digest');
    await user.type(screen.getByLabelText('Digest'), 'sha256:abc');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    expect(await screen.findByText('A digest is sha256: and 64 lowercase hex digits.')).toBeInTheDocument();
    await user.selectOptions(control, 'tag');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    expect(await screen.findByText('Enter the reference to pull.')).toBeInTheDocument();
    expect(render).not.toHaveBeenCalled();
    await user.selectOptions(control, 'semver');
    await user.type(screen.getByLabelText('SemVer range'), '~1.0');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    await waitFor(() => expect(render).toHaveBeenCalledTimes(1));
    expect(render.mock.calls[0]![0].ref).toEqual({ semver: '~1.0' });
  });

  it('no Source revision control for a source other than a GitRepository or an OCIRepository', () => {
    renderRoute(<KustomizationPreview namespace="n" name="apps" clusters={clusters} render={vi.fn()} />);
    expect(screen.queryByLabelText('Source revision')).toBeNull();
    renderRoute(<KustomizationPreview namespace="n" name="other" clusters={clusters} sourceKind="Bucket" render={vi.fn()} />);
    expect(screen.queryByLabelText('Source revision')).toBeNull();
  });

  it('says so when the Kustomization is placed on no cluster', () => {
    renderRoute(<KustomizationPreview namespace="n" name="apps" clusters={[]} />);
    expect(screen.getByText('This Kustomization is not placed on any cluster yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Render preview' })).toBeNull();
  });
});

// The real renderer (loaded lazily, as in the app) on a real tarball with a real SOPS file; only the hub's HTTP
// answers are stood in for.
const sops = (p: string) =>
  readFileSync(path.resolve(__dirname, '../../../../../../packages/reconcile-core/testdata/sops', p), 'utf8');

describe('KustomizationPreview with the real renderer', () => {
  const tar = makeTarball({
    'apps/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: "${greeting}"\n  cluster: "${cluster_name}"\n',
    'apps/secret.yaml': sops('encrypted/partial-regex.yaml'),
  });
  const assigned = {
    cluster: { id: 'c1', name: 'edge' },
    kustomization: {
      namespace: 'flotilla-system',
      name: 'apps',
      generation: 1,
      spec: {
        interval: '10m',
        path: './apps',
        prune: true,
        targetNamespace: 'default',
        sourceRef: { kind: 'GitRepository', name: 'fleet' },
        decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
        postBuild: { substitute: { greeting: 'hello' } },
      },
      variables: { cluster_name: 'edge' },
    },
    source: {
      kind: 'GitRepository',
      namespace: 'flotilla-system',
      name: 'fleet',
      revision: 'main@sha1:aaa',
      digest: tar.digest,
    },
  };
  // An older tag of the same repository: another greeting, no Secret yet.
  const older = makeTarball({
    'apps/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: "${greeting}-v1"\n  cluster: "${cluster_name}"\n',
  });
  const requests: { url: string; init?: RequestInit }[] = [];
  const stubHub = () =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        requests.push({ url, init });
        if (url === '/api/clusters/edge/kustomizations/flotilla-system/apps') return Response.json(assigned);
        if (url === '/api/clusters/edge/kustomizations/flotilla-system/apps/artifact')
          return new Response(new Uint8Array(tar.bytes));
        if (url === '/api/clusters/edge/kustomizations/flotilla-system/apps/artifact-at')
          return new Response(new Uint8Array(older.bytes), {
            headers: {
              'x-flotilla-revision': `v1.0.0@sha1:${'b'.repeat(40)}`,
              'x-flotilla-digest': older.digest,
            },
          });
        return Response.json({ error: { code: 'NOT_FOUND', message: 'no' } }, { status: 404 });
      }),
    );
  const inventory = ['default_demo__ConfigMap', 'default_partial__Secret'];

  /** The preview of `apps` on `edge` with the real renderer, rendered once; the user to go on with. */
  const renderOnEdge = async (cluster: Omit<PreviewCluster, 'name'>) => {
    stubHub();
    const user = userEvent.setup();
    renderRoute(
      <KustomizationPreview
        namespace="flotilla-system"
        name="apps"
        clusters={[{ name: 'edge', ...cluster }]}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    return { user, output: await screen.findByTestId('preview-output', {}, { timeout: 15_000 }) };
  };

  it('masks SOPS data without a key, decrypts it with the pasted key, and never sends the key', async () => {
    const { user, output } = await renderOnEdge({
      inventory,
      lastAppliedRevision: 'main@sha1:aaa',
      observedSavedSpec: true,
    });
    const masked = output.textContent ?? '';
    expect(masked).toContain('  cluster: edge\n  greeting: hello\n');
    expect(masked).toContain("stringData:\n  api: '**SOPS**'\n");
    expect(masked).not.toContain('plain-in-metadata-but-encrypted-here');
    expect(screen.getAllByTestId('preview-object').map((r) => r.dataset.change)).toEqual([
      'unchanged',
      'unchanged',
    ]);

    const secretLine = sops('keys/test.agekey')
      .split('\n')
      .find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
    await user.type(screen.getByLabelText('Age key (optional)'), secretLine);
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    await waitFor(() =>
      expect(screen.getByTestId('preview-output').textContent).toContain(
        'api: plain-in-metadata-but-encrypted-here',
      ),
    );
    expect(screen.getByText('SOPS decrypted in this browser')).toBeInTheDocument();
    expect(requests.length).toBe(4);
    for (const r of requests) expect(JSON.stringify(r)).not.toContain(secretLine);
  });

  it('compares by name only when the cluster has not applied the saved spec at this revision, and says why', async () => {
    await renderOnEdge({
      inventory: ['default_demo__ConfigMap'],
      lastAppliedRevision: 'main@sha1:aaa',
      observedSavedSpec: false,
    });
    expect(screen.getAllByTestId('preview-object').map((r) => r.dataset.change)).toEqual([
      'unknown',
      'added',
    ]);
    expect(screen.getByText(/The cluster has not yet applied the saved spec/)).toBeInTheDocument();
  });

  it('a picked tag: the hub’s artifact of that revision is built and named in the header; the diff is against what the cluster runs (the saved spec at its revision)', async () => {
    stubHub();
    requests.length = 0;
    const user = userEvent.setup();
    renderRoute(
      <KustomizationPreview
        namespace="flotilla-system"
        name="apps"
        sourceKind="GitRepository"
        clusters={[
          { name: 'edge', inventory, lastAppliedRevision: 'main@sha1:aaa', observedSavedSpec: true },
        ]}
      />,
    );
    await user.selectOptions(screen.getByLabelText('Source revision'), 'tag');
    await user.type(screen.getByLabelText('Tag'), 'v1.0.0');
    await user.click(screen.getByRole('button', { name: 'Render preview' }));
    const output = await screen.findByTestId('preview-output', {}, { timeout: 15_000 });
    expect(screen.getByTestId('preview-revision')).toHaveTextContent(`v1.0.0@sha1:${'b'.repeat(40)}`);
    expect(screen.getByText(/the picked revision, compared with what the cluster runs/)).toBeInTheDocument();
    expect(output.textContent).toContain('greeting: hello-v1');
    expect(screen.getAllByTestId('preview-object').map((r) => r.dataset.change)).toEqual(['changed']);
    expect(screen.getByTestId('preview-removed')).toHaveTextContent('default_partial__Secret');
    const picked = requests.find((r) => r.url.endsWith('/artifact-at'));
    expect(picked?.init?.method).toBe('POST');
    expect(JSON.parse(String(picked?.init?.body))).toEqual({ ref: { tag: 'v1.0.0' } });
    // The cluster's artifact too: the baseline it is compared with.
    expect(requests.some((r) => r.url.endsWith('/apps/artifact'))).toBe(true);
  });
});
