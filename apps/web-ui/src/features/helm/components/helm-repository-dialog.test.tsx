import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { HubHelmRepository } from '../api/list-hub-helm';
import { HelmRepositoryDialog } from './helm-repository-dialog';

const stored: HubHelmRepository = {
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
  credentialsKind: 'basic',
  hasCaCertificate: false,
  hasClientCertificate: false,
  conditions: [],
  artifact: null,
};

function setup(repository: HubHelmRepository | null) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderRoute(<HelmRepositoryDialog repository={repository} onClose={onClose} />);
  return { user, onClose };
}

const sent = (hub: ReturnType<typeof mockHub>, op: string) => hub.requests.find((r) => r.operationName === op)?.variables;

describe('HelmRepositoryDialog', () => {
  it('every problem on its field at once (name, an oci:// URL, durations, basic auth without password), nothing sent', async () => {
    const hub = mockHub({});
    const { user } = setup(null);
    await user.type(screen.getByLabelText('URL'), 'oci://ghcr.io/org/charts');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '1d');
    await user.clear(screen.getByLabelText('Timeout'));
    await user.type(screen.getByLabelText('Timeout'), '1h');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'flotilla');
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('URL')).toHaveAccessibleDescription('An oci:// URL is a registry: choose the type OCI registry.');
    expect(screen.getByLabelText('Interval')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Timeout')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Password is required for basic auth.')).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
  });

  it('creates with the credentials typed once, then clears them; a hub refusal lands on its field', async () => {
    let calls = 0;
    const hub = mockHub({
      CreateHelmRepository: () => (++calls === 1 ? gqlError('BAD_USER_INPUT', 'url: the host is not allowed by the hub’s source URL policy', 'url') : gqlData({ createHelmRepository: { id: 'r9', name: 'charts' } })),
    });
    const { user, onClose } = setup(null);
    await user.type(screen.getByLabelText('Name'), 'charts');
    await user.type(screen.getByLabelText('URL'), 'https://charts.internal');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'flotilla');
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByRole('checkbox', { name: /Pass credentials to other hosts/ }));
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    expect(await screen.findByText('The host is not allowed by the hub’s source URL policy.')).toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(sent(hub, 'CreateHelmRepository')).toEqual({
      input: { name: 'charts', type: 'default', url: 'https://charts.internal', insecure: false, interval: '10m', timeout: '60s', passCredentials: true, suspend: false, credentials: { username: 'flotilla', password: 's3cret' } },
    });
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect((screen.queryByLabelText('Password') as HTMLInputElement | null)?.value ?? '').toBe('');
  });

  it('editing keeps the stored credentials unless replaced or removed, and never shows them', async () => {
    const hub = mockHub({ UpdateHelmRepository: () => gqlData({ updateHelmRepository: { id: 'r1', name: 'charts' } }) });
    const { user, onClose } = setup(stored);
    expect(screen.getByLabelText('Authentication')).toHaveValue('keep');
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '30m');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(hub, 'UpdateHelmRepository')).toEqual({
      id: 'r1',
      input: { namespace: 'flotilla-system', name: 'charts', type: 'default', url: 'https://charts.example.com', insecure: false, interval: '30m', timeout: '60s', passCredentials: false, suspend: false },
    });
  });

  it('removing the stored credentials sends clearCredentials', async () => {
    const hub = mockHub({ UpdateHelmRepository: () => gqlData({ updateHelmRepository: { id: 'r1', name: 'charts' } }) });
    const { user, onClose } = setup(stored);
    await user.selectOptions(screen.getByLabelText('Authentication'), 'clear');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect((sent(hub, 'UpdateHelmRepository') as { input: { clearCredentials?: boolean } }).input.clearCredentials).toBe(true);
  });

  it('type oci: an oci:// registry prefix with insecure and basic credentials; passCredentials is not offered; an http URL is refused', async () => {
    const hub = mockHub({ CreateHelmRepository: () => gqlData({ createHelmRepository: { id: 'r9', name: 'registry' } }) });
    const { user, onClose } = setup(null);
    await user.type(screen.getByLabelText('Name'), 'registry');
    await user.selectOptions(screen.getByLabelText('Type'), 'oci');
    expect(screen.queryByRole('checkbox', { name: /Pass credentials to other hosts/ })).toBeNull();
    await user.type(screen.getByLabelText('URL'), 'https://ghcr.io/org/charts');
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    expect(screen.getByLabelText('URL')).toHaveAccessibleDescription('A repository of type oci has an oci:// URL.');
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('URL'));
    await user.type(screen.getByLabelText('URL'), 'oci://127.0.0.1:5000/charts');
    await user.click(screen.getByRole('checkbox', { name: /Insecure/ }));
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'flotilla');
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(hub, 'CreateHelmRepository')).toEqual({
      input: { name: 'registry', type: 'oci', url: 'oci://127.0.0.1:5000/charts', insecure: true, interval: '10m', timeout: '60s', passCredentials: false, suspend: false, credentials: { username: 'flotilla', password: 's3cret' } },
    });
  });

  it('editing a repository of type oci starts from its type and insecure; a hub refusal of insecure lands on the type', async () => {
    mockHub({ UpdateHelmRepository: () => gqlError('BAD_USER_INPUT', 'insecure: only for type oci', 'insecure') });
    const { user } = setup({ ...stored, type: 'oci', url: 'oci://127.0.0.1:5000/charts', insecure: true });
    expect(screen.getByLabelText('Type')).toHaveValue('oci');
    expect(screen.getByRole('checkbox', { name: /Insecure/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Type')).toHaveAccessibleDescription('Only for type oci.'));
  });

  const PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';

  it('type oci with a .dockerconfigjson and a CA certificate: both sent once; the docker config is offered for type oci only and a bad one is refused on its field', async () => {
    const hub = mockHub({ CreateHelmRepository: () => gqlData({ createHelmRepository: { id: 'r9', name: 'registry' } }) });
    const { user, onClose } = setup(null);
    await user.type(screen.getByLabelText('Name'), 'registry');
    expect(within(screen.getByLabelText('Authentication')).queryByRole('option', { name: /Docker config/ })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Type'), 'oci');
    await user.type(screen.getByLabelText('URL'), 'oci://registry.internal/charts');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'dockerconfigjson');
    await user.click(screen.getByLabelText('Docker config'));
    await user.paste('{"registry.internal":{}}');
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste(PEM);
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    expect(screen.getByLabelText('Docker config')).toHaveAccessibleDescription('A .dockerconfigjson has an "auths" map.');
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('Docker config'));
    await user.click(screen.getByLabelText('Docker config'));
    await user.paste('{"auths":{"registry.internal":{"auth":"eDp5"}}}');
    await user.click(screen.getByRole('button', { name: 'Add Helm repository' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(hub, 'CreateHelmRepository')).toEqual({
      input: {
        name: 'registry',
        type: 'oci',
        url: 'oci://registry.internal/charts',
        insecure: false,
        interval: '10m',
        timeout: '60s',
        passCredentials: false,
        suspend: false,
        credentials: { dockerConfigJson: '{"auths":{"registry.internal":{"auth":"eDp5"}}}' },
        tls: { caCertificate: PEM },
      },
    });
  });

  it('a CA certificate needs an https:// URL for type default; a stored one is never shown, kept when empty, removed on request; the hub’s tls refusal lands on the field', async () => {
    let calls = 0;
    const hub = mockHub({
      UpdateHelmRepository: () =>
        ++calls === 1 ? gqlData({ updateHelmRepository: { id: 'r1', name: 'charts' } }) : gqlError('BAD_USER_INPUT', 'tls.caCertificate: expected PEM certificates (-----BEGIN CERTIFICATE-----)', 'tls.caCertificate'),
    });
    const { user, onClose } = setup({ ...stored, url: 'http://charts.example.com', hasCaCertificate: true });
    const ca = screen.getByLabelText('CA certificate');
    expect(ca).toHaveValue('');
    expect(ca).toHaveAccessibleDescription(/A CA certificate is stored, encrypted at the hub; its value is never shown\. Leave empty to keep it\./);
    await user.click(ca);
    await user.paste(PEM);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByLabelText('CA certificate')).toHaveAccessibleDescription('TLS certificates are for an https:// URL.');
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('CA certificate'));
    await user.click(screen.getByLabelText(/Remove the stored certificates/));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(hub.requests[0]!.variables).toHaveProperty('input.clearTls', true);
    expect(hub.requests[0]!.variables).not.toHaveProperty('input.tls');
    await user.click(screen.getByLabelText(/Remove the stored certificates/));
    await user.clear(screen.getByLabelText('URL'));
    await user.type(screen.getByLabelText('URL'), 'https://charts.example.com');
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste(PEM);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByLabelText('CA certificate')).toHaveAccessibleDescription('Expected PEM certificates (-----BEGIN CERTIFICATE-----).'),
    );
    expect(hub.requests[1]!.variables).toHaveProperty('input.tls', { caCertificate: PEM });
  });
});

describe('HelmRepositoryDialog of a HelmRepository a FleetSync manages', () => {
  const managed: HubHelmRepository = {
    ...stored,
    credentialsKind: null,
    managedBy: { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/charts.yaml', revision: null },
  };

  it('says which file declares it, shows git’s spec read-only and sends only the credentials to setHelmRepositoryCredentials', async () => {
    const hub = mockHub({
      SetHelmRepositoryCredentials: () =>
        gqlData({ setHelmRepositoryCredentials: { id: 'r1', name: 'charts', credentialsKind: 'basic', hasCaCertificate: false, hasClientCertificate: false } }),
    });
    const { user, onClose } = setup(managed);
    expect(screen.getByTestId('managed-file')).toHaveTextContent('clusters/hub/charts.yaml');
    expect(screen.getByLabelText('URL')).toBeDisabled();
    expect(screen.getByLabelText('Interval')).toBeDisabled();
    expect(screen.getByLabelText('Authentication')).toBeEnabled();
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'bot');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(hub.requests).toHaveLength(0);
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(hub, 'SetHelmRepositoryCredentials')).toEqual({ id: 'r1', input: { credentials: { username: 'bot', password: 's3cret' } } });
    expect(sent(hub, 'UpdateHelmRepository')).toBeUndefined();
  });

  it('proposing a change: git’s spec is editable, the hub-held credentials and TLS are not offered, and only the spec goes to proposeHelmRepositoryEdit', async () => {
    const hub = mockHub({ ProposeHelmRepositoryEdit: () => gqlData({ proposeHelmRepositoryEdit: { id: 'p4', headBranch: 'flotilla/edit-helmrepository-charts-1' } }) });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    renderRoute(<HelmRepositoryDialog repository={{ ...managed, credentialsKind: 'basic', hasCaCertificate: true }} onClose={() => {}} proposeInGit={{ onProposed }} />);
    expect(screen.getByText(/it is proposed in git, as a commit to that file/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Authentication')).toBeNull();
    expect(screen.queryByLabelText(/CA certificate/)).toBeNull();
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), 'soon');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '30m');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(onProposed).toHaveBeenCalledWith('p4'));
    const input = (sent(hub, 'ProposeHelmRepositoryEdit') as { id: string; input: Record<string, unknown> }).input;
    expect(input).toMatchObject({ name: 'charts', url: 'https://charts.example.com', interval: '30m' });
    for (const hubHeld of ['credentials', 'clearCredentials', 'tls', 'clearTls']) expect(input).not.toHaveProperty(hubHeld);
    expect(sent(hub, 'SetHelmRepositoryCredentials')).toBeUndefined();
  });

  it('a proposal the hub refuses is shown in the dialog; nothing is proposed', async () => {
    mockHub({ ProposeHelmRepositoryEdit: () => gqlError('BAD_USER_INPUT', 'nothing changed: the HelmRepository is already as given', 'spec') });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    renderRoute(<HelmRepositoryDialog repository={managed} onClose={() => {}} proposeInGit={{ onProposed }} />);
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    expect(await screen.findByText('Could not propose the change')).toBeInTheDocument();
    expect(screen.getByText(/nothing changed/)).toBeInTheDocument();
    expect(onProposed).not.toHaveBeenCalled();
  });

  it('a refusal of the hub is shown and the dialog stays open', async () => {
    mockHub({ SetHelmRepositoryCredentials: () => gqlError('FORBIDDEN', 'operator role required') });
    const { user, onClose } = setup({ ...managed, credentialsKind: 'basic' });
    await user.selectOptions(screen.getByLabelText('Authentication'), 'clear');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(await screen.findByText('Could not save the Helm repository')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});
