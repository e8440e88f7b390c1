import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, mockHub, type RecordedRequest } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { KustomizationsRoute } from './kustomizations-route';

const viewer = (role: string) => () => gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const at = { path: '/kustomizations', pattern: '/kustomizations' };
const YAML = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n';
const object = { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps', action: 'create', document: 1, placement: { clusterSelector: 'env=prod', clusterNames: ['edge-1'] }, notes: [] };
const policy = { kind: 'ImagePolicy', namespace: 'flotilla-system', name: 'podinfo', action: 'update', document: 2, placement: null, notes: [] };
const provider = {
  kind: 'Provider',
  namespace: 'default',
  name: 'slack',
  action: 'create',
  document: 3,
  placement: null,
  notes: ['spec.secretRef: the hub does not read Secret slack-token; set them on the hub’s Provider (they are stored encrypted)'],
};

/** Opens the dialog on the page, pastes YAML and asks for the preview. */
async function pasteAndPreview() {
  const user = userEvent.setup();
  renderRoute(<KustomizationsRoute />, at);
  await user.click(await screen.findByRole('button', { name: 'Import Flux YAML' }));
  const dialog = screen.getByRole('dialog');
  await user.click(within(dialog).getByLabelText('Flux YAML'));
  await user.paste(YAML);
  await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
  return { user, dialog };
}

describe('KustomizationsRoute: Flux YAML import and export', () => {
  it('paste → preview (a dry run) with the placement → create, which closes the dialog; an edit discards the preview', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ListKustomizations: () => gqlData({ kustomizations: [] }),
      ImportFluxYaml: (req: RecordedRequest) => gqlData({ importFluxYaml: { applied: req.variables?.dryRun === false, objects: [object, policy], problems: [] } }),
    });
    const { user, dialog } = await pasteAndPreview();
    const table = await within(dialog).findByRole('table', { name: 'Objects to import' });
    expect(table).toHaveTextContent('Kustomizationflotilla-systemappsCreateselector env=prod; clusters edge-1');
    expect(table).toHaveTextContent('ImagePolicyflotilla-systempodinfoUpdatehub-wide (not placed)');
    expect(hub.requests.filter((r) => r.operationName === 'ImportFluxYaml').map((r) => r.variables)).toEqual([{ yaml: YAML, dryRun: true }]);

    await user.type(within(dialog).getByLabelText('Flux YAML'), ' ');
    expect(within(dialog).queryByRole('table')).toBeNull();
    await user.type(within(dialog).getByLabelText('Flux YAML'), '{Backspace}');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Create 2 objects' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(hub.requests.filter((r) => r.operationName === 'ImportFluxYaml').at(-1)?.variables).toEqual({ yaml: YAML, dryRun: false });
  });

  it('problems are listed by line and document, and nothing can be created', async () => {
    mockHub({
      Viewer: viewer('OPERATOR'),
      ListKustomizations: () => gqlData({ kustomizations: [] }),
      ImportFluxYaml: () =>
        gqlData({
          importFluxYaml: {
            applied: false,
            objects: [],
            problems: [{ document: 2, line: 9, kind: 'HelmRelease', name: 'web', field: 'kind', message: 'kind: unknown kind "HelmRelease"' }],
          },
        }),
    });
    const { dialog } = await pasteAndPreview();
    const problems = await within(dialog).findByRole('list', { name: 'Problems' });
    expect(problems).toHaveTextContent('Line 9 (document 2, HelmRelease web): kind: unknown kind "HelmRelease"');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('1 problem: nothing will be created');
    expect(within(dialog).queryByRole('button', { name: /^Create/ })).toBeNull();
  });

  it('what the hub does differently from Flux is listed under the objects, by object', async () => {
    mockHub({
      Viewer: viewer('OPERATOR'),
      ListKustomizations: () => gqlData({ kustomizations: [] }),
      ImportFluxYaml: () => gqlData({ importFluxYaml: { applied: false, objects: [object, provider], problems: [] } }),
    });
    const { dialog } = await pasteAndPreview();
    const notes = await within(dialog).findByRole('list', { name: 'Notes' });
    expect(within(notes).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Provider default/slack: spec.secretRef: the hub does not read Secret slack-token; set them on the hub’s Provider (they are stored encrypted)',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Create 2 objects' })).toBeEnabled();
  });

  it('a viewer can export but not import', async () => {
    mockHub({ Viewer: viewer('VIEWER'), ListKustomizations: () => gqlData({ kustomizations: [] }) });
    renderRoute(<KustomizationsRoute />, at);
    expect(await screen.findByRole('button', { name: 'Export' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import Flux YAML' })).toBeNull();
  });
});
