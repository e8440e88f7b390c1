import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { OciRepositoryDetail } from '../api/oci-repository-types';
import { OciCredentialsForm } from './oci-credentials-form';
import { OciRepositoryForm } from './oci-repository-form';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const stored = (over: Partial<OciRepositoryDetail> = {}): OciRepositoryDetail => ({
  id: 'o1',
  namespace: 'flotilla-system',
  name: 'manifests',
  url: 'oci://ghcr.io/org/manifests',
  spec: {
    url: 'oci://ghcr.io/org/manifests',
    ref: { semver: '>=1.0.0', semverFilter: '.*-rc.*' },
    interval: '5m',
    timeout: '60s',
    provider: 'generic',
    layerSelector: { mediaType: 'application/x-tar', operation: 'copy' },
    verify: { provider: 'cosign' },
  },
  suspend: false,
  credentialsKind: 'dockerconfigjson',
  hasCaCertificate: false,
  hasClientCertificate: false,
  ready: 'True',
  message: null,
  conditions: [],
  artifact: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  generation: 2,
  observedGeneration: 2,
  labels: [{ key: 'team', value: 'shop' }],
  verifyPublicKeys: [
    { name: 'cosign.pub', pem: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n' },
  ],
  kustomizations: [],
  managedBy: null,
  ...over,
});

function setup(existing?: OciRepositoryDetail) {
  const onSaved = vi.fn();
  const user = userEvent.setup();
  renderRoute(<OciRepositoryForm existing={existing} onSaved={onSaved} onCancel={() => {}} />);
  return { user, onSaved };
}

const sent = (hub: ReturnType<typeof mockHub>, op: string) =>
  hub.requests.find((r) => r.operationName === op)?.variables as
    { id?: string; input: Record<string, unknown> } | undefined;

describe('OciRepositoryForm', () => {
  it('refuses a missing name, a URL that is not oci://, a bad digest and non-Go durations without calling the hub', async () => {
    const hub = mockHub({});
    const { user } = setup();
    await user.type(screen.getByLabelText('URL'), 'https://ghcr.io/org/manifests');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'digest');
    await user.type(screen.getByLabelText('Digest'), 'sha256:abc');
    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '1d');
    await user.clear(screen.getByLabelText('Timeout'));
    await user.type(screen.getByLabelText('Timeout'), '60');
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Name is required.');
    expect(screen.getByLabelText('URL')).toHaveAccessibleDescription(
      'Use an oci:// URL, e.g. oci://ghcr.io/org/manifests.',
    );
    expect(screen.getByLabelText('Digest')).toHaveAccessibleDescription(
      'A digest is sha256: and 64 lowercase hex digits.',
    );
    expect(screen.getByLabelText('Interval')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Timeout')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests).toHaveLength(0);
  });

  it('a SemVer range is checked with the hub’s own range rule; basic auth needs both fields; verify needs a key', async () => {
    const hub = mockHub({});
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'app');
    await user.type(screen.getByLabelText('URL'), 'oci://ghcr.io/org/app');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'semver');
    await user.type(screen.getByLabelText('SemVer range'), '>=1.0.0 <');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.click(screen.getByLabelText(/Verify signatures with cosign/));
    await user.click(screen.getByRole('button', { name: 'Remove public key 1' }));
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    expect(screen.getByLabelText('SemVer range')).toHaveAccessibleDescription(
      /^Not a SemVer range the hub can use/,
    );
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription(
      'Username is required for basic auth.',
    );
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      'Password is required for basic auth.',
    );
    expect(screen.getByText(/Add the cosign public key/)).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
  });

  it('creates with Flux’s spec fields: one ref, layerSelector, provider, insecure, ignore, the keys and the docker config', async () => {
    const hub = mockHub({
      CreateOciRepository: () => gqlData({ createOciRepository: { id: 'o9', name: 'app' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'app');
    await user.type(screen.getByLabelText('URL'), 'oci://registry.example.com/org/app');
    await user.selectOptions(screen.getByLabelText('Reference type'), 'semver');
    await user.type(screen.getByLabelText('SemVer range'), '1.x');
    await user.type(screen.getByLabelText('SemVer filter'), '.*-rc.*');
    await user.type(
      screen.getByLabelText('Media type'),
      'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
    );
    await user.selectOptions(screen.getByLabelText('Operation'), 'copy');
    await user.click(screen.getByLabelText(/Insecure/));
    await user.type(screen.getByLabelText('Ignore patterns'), '*.md');
    await user.click(screen.getByLabelText(/Verify signatures with cosign/));
    const key = screen.getByRole('group', { name: 'Public key 1' });
    await user.type(within(key).getByLabelText('Public key (PEM)'), '-----BEGIN PUBLIC KEY-----');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'dockerconfigjson');
    await user.click(screen.getByLabelText('Docker config'));
    await user.paste('{"auths":{"registry.example.com":{"auth":"eDp5"}}}');
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('o9'));
    expect(sent(hub, 'CreateOciRepository')).toEqual({
      input: {
        name: 'app',
        spec: {
          url: 'oci://registry.example.com/org/app',
          ref: { semver: '1.x', semverFilter: '.*-rc.*' },
          interval: '10m',
          timeout: '60s',
          layerSelector: {
            mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
            operation: 'copy',
          },
          provider: 'generic',
          insecure: true,
          ignore: '*.md',
          suspend: false,
          verify: { provider: 'cosign' },
        },
        verifyPublicKeys: [{ name: 'cosign.pub', pem: '-----BEGIN PUBLIC KEY-----' }],
        labels: [],
        credentials: { dockerConfigJson: '{"auths":{"registry.example.com":{"auth":"eDp5"}}}' },
      },
    });
  });

  it('an empty tag sends no ref (Flux pulls latest)', async () => {
    const hub = mockHub({
      CreateOciRepository: () => gqlData({ createOciRepository: { id: 'o9', name: 'app' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'app');
    await user.type(screen.getByLabelText('URL'), 'oci://ghcr.io/org/app');
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(sent(hub, 'CreateOciRepository')?.input.spec).not.toHaveProperty('ref');
  });

  it.each([
    [
      'spec.url',
      'URL',
      "spec.url: URL must not contain a tag; remove ':v1'",
      "URL must not contain a tag; remove ':v1'.",
    ],
    [
      'spec.ref.tag',
      'Tag',
      "invalid spec: ref.tag: 'v 1' is not a valid tag",
      "Invalid spec: ref.tag: 'v 1' is not a valid tag.",
    ],
    [
      'spec.provider',
      'Provider',
      'spec.provider: only the generic provider is supported at the hub (got aws)',
      'Only the generic provider is supported at the hub (got aws).',
    ],
  ])(
    'the hub’s refusal naming %s is shown on the %s field, not in a banner',
    async (field, label, message, shown) => {
      mockHub({ CreateOciRepository: () => gqlError('BAD_USER_INPUT', message, field) });
      const { user, onSaved } = setup();
      await user.type(screen.getByLabelText('Name'), 'app');
      await user.type(screen.getByLabelText('URL'), 'oci://ghcr.io/org/app');
      await user.type(screen.getByLabelText('Tag'), 'v1');
      await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
      await waitFor(() => expect(screen.getByLabelText(label)).toHaveAccessibleDescription(shown));
      expect(screen.getByLabelText(label)).toHaveAttribute('aria-invalid', 'true');
      expect(screen.queryByText('Could not create the OCI repository')).toBeNull();
      expect(onSaved).not.toHaveBeenCalled();
    },
  );

  it('a refused docker config lands on its field; a refused key on that key’s PEM', async () => {
    let calls = 0;
    mockHub({
      UpdateOciRepository: () =>
        ++calls === 1
          ? gqlError(
              'BAD_USER_INPUT',
              'no credentials for registry ghcr.io in the docker config',
              'credentials.dockerConfigJson',
            )
          : gqlError(
              'BAD_USER_INPUT',
              'verifyPublicKeys.0.pem: not a PEM public key',
              'verifyPublicKeys.0.pem',
            ),
    });
    const { user } = setup(stored());
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    await user.click(screen.getByLabelText('Docker config'));
    await user.paste('{"auths":{"other.example.com":{}}}');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Docker config')).toHaveAccessibleDescription(
        'No credentials for registry ghcr.io in the docker config.',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const key = screen.getByRole('group', { name: 'Public key 1' });
    await waitFor(() =>
      expect(within(key).getByLabelText('Public key (PEM)')).toHaveAccessibleDescription(
        'Not a PEM public key.',
      ),
    );
    expect(screen.queryByText('Could not save the OCI repository')).toBeNull();
  });

  it('editing starts from the stored spec in Flux’s precedence; stored credentials are kept and never shown', async () => {
    const hub = mockHub({
      UpdateOciRepository: () =>
        gqlData({ updateOciRepository: { id: 'o1', name: 'manifests', suspend: false } }),
    });
    const { user, onSaved } = setup(stored());
    expect(screen.getByLabelText('Name')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Reference type')).toHaveValue('semver');
    expect(screen.getByLabelText('SemVer range')).toHaveValue('>=1.0.0');
    expect(screen.getByLabelText('SemVer filter')).toHaveValue('.*-rc.*');
    expect(screen.getByLabelText('Operation')).toHaveValue('copy');
    expect(screen.getByTestId('stored-credentials')).toHaveTextContent(/Stored.*\.dockerconfigjson/);
    expect(screen.queryByLabelText('Docker config')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('o1'));
    const { id, input } = sent(hub, 'UpdateOciRepository')!;
    expect(id).toBe('o1');
    expect(input).not.toHaveProperty('credentials');
    expect(input).not.toHaveProperty('clearCredentials');
    expect(input.namespace).toBe('flotilla-system');
    expect(input.verifyPublicKeys).toEqual(stored().verifyPublicKeys);
    expect(input.labels).toEqual([{ key: 'team', value: 'shop' }]);
  });

  it('turning verification off sends no verify and no keys; Clear removes the stored credentials', async () => {
    const hub = mockHub({
      UpdateOciRepository: () =>
        gqlData({ updateOciRepository: { id: 'o1', name: 'manifests', suspend: false } }),
    });
    const { user, onSaved } = setup(
      stored({
        spec: {
          url: 'oci://ghcr.io/org/manifests',
          ref: { digest: DIGEST, tag: 'v1' },
          interval: '5m',
          timeout: '60s',
          provider: 'generic',
          verify: { provider: 'cosign' },
        },
      }),
    );
    expect(screen.getByLabelText('Reference type')).toHaveValue('digest');
    await user.click(screen.getByLabelText(/Verify signatures with cosign/));
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const { input } = sent(hub, 'UpdateOciRepository')!;
    expect(input.spec).toMatchObject({ ref: { digest: DIGEST } });
    expect(input.spec).not.toHaveProperty('verify');
    expect(input.verifyPublicKeys).toEqual([]);
    expect(input.clearCredentials).toBe(true);
  });

  const PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';

  it('CA certificate: text that is not PEM is refused on the field and nothing is sent; a PEM goes as tls.caCertificate', async () => {
    const hub = mockHub({
      CreateOciRepository: () => gqlData({ createOciRepository: { id: 'o9', name: 'app' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'app');
    await user.type(screen.getByLabelText('URL'), 'oci://registry.internal/org/app');
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste('not a certificate');
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    expect(screen.getByLabelText('CA certificate')).toHaveAccessibleDescription(
      'Paste PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).',
    );
    expect(hub.requests).toHaveLength(0);
    await user.clear(screen.getByLabelText('CA certificate'));
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste(PEM);
    // No stored certificate on a new repository: nothing to remove.
    expect(screen.queryByLabelText(/Remove the stored certificates/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('o9'));
    const { input } = sent(hub, 'CreateOciRepository')!;
    expect(input.tls).toEqual({ caCertificate: PEM });
    expect(input).not.toHaveProperty('clearTls');
  });

  it('a client certificate (Flux’s tls.crt) needs its key (tls.key), both go as tls, and the hub’s refusal of tls.clientKey lands on the Client key field', async () => {
    const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHkey\n-----END PRIVATE KEY-----\n';
    let calls = 0;
    const hub = mockHub({
      CreateOciRepository: () =>
        ++calls === 1
          ? gqlError('BAD_USER_INPUT', 'tls.clientKey: not the private key of tls.clientCertificate', 'tls.clientKey')
          : gqlData({ createOciRepository: { id: 'o9', name: 'app' } }),
    });
    const { user, onSaved } = setup();
    await user.type(screen.getByLabelText('Name'), 'app');
    await user.type(screen.getByLabelText('URL'), 'oci://registry.internal/org/app');
    await user.click(screen.getByLabelText('Client certificate'));
    await user.paste(PEM);
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    expect(screen.getByLabelText('Client key')).toHaveAccessibleDescription('A client certificate needs its key (Flux’s tls.key).');
    expect(hub.requests).toHaveLength(0);
    await user.click(screen.getByLabelText('Client key'));
    await user.paste(KEY);
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    await waitFor(() => expect(screen.getByLabelText('Client key')).toHaveAccessibleDescription(/not the private key of tls.clientCertificate/i));
    expect(sent(hub, 'CreateOciRepository')!.input.tls).toEqual({ clientCertificate: PEM, clientKey: KEY });
    await user.click(screen.getByRole('button', { name: 'Create OCI repository' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('o9'));
  });

  it('a stored CA certificate is never shown: empty keeps it (no tls sent), remove sends clearTls, and the hub’s refusal of tls.caCertificate lands on the field', async () => {
    let calls = 0;
    const hub = mockHub({
      UpdateOciRepository: () =>
        ++calls === 1
          ? gqlData({ updateOciRepository: { id: 'o1', name: 'manifests', suspend: false } })
          : calls === 2
            ? gqlData({ updateOciRepository: { id: 'o1', name: 'manifests', suspend: false } })
            : gqlError('BAD_USER_INPUT', 'tls.caCertificate: certificate 1 is not a valid PEM certificate', 'tls.caCertificate'),
    });
    const { user, onSaved } = setup(stored({ hasCaCertificate: true, hasClientCertificate: true }));
    const ca = screen.getByLabelText('CA certificate');
    expect(ca).toHaveValue('');
    expect(ca).toHaveAccessibleDescription(/A CA certificate is stored, encrypted at the hub.*Leave empty to keep it\. A client certificate is stored too; it is kept\./);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(hub.requests[0]!.variables).not.toHaveProperty('input.tls');
    expect(hub.requests[0]!.variables).not.toHaveProperty('input.clearTls');
    await user.click(screen.getByLabelText(/Remove the stored certificates/));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
    expect(hub.requests[1]!.variables).toHaveProperty('input.clearTls', true);
    await user.click(screen.getByLabelText(/Remove the stored certificates/));
    await user.click(screen.getByLabelText('CA certificate'));
    await user.paste(PEM);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(screen.getByLabelText('CA certificate')).toHaveAccessibleDescription(
        'Certificate 1 is not a valid PEM certificate.',
      ),
    );
    expect(hub.requests[2]!.variables).toHaveProperty('input.tls', { caCertificate: PEM });
  });
});

describe('OciRepositoryForm proposing a change in git (an OCIRepository a FleetSync manages)', () => {
  const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/oci.yaml', revision: null };

  it('the spec goes to proposeOCIRepositoryEdit with spec.verify kept; credentials, TLS and cosign keys (the hub’s) are neither shown nor sent', async () => {
    const hub = mockHub({ ProposeOciRepositoryEdit: () => gqlData({ proposeOCIRepositoryEdit: { id: 'p5', headBranch: 'flotilla/edit-ocirepository-manifests-1' } }) });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    renderRoute(<OciRepositoryForm existing={stored({ managedBy })} onSaved={() => {}} onCancel={() => {}} proposeInGit={{ onProposed }} />);
    expect(screen.queryByTestId('stored-credentials')).toBeNull();
    expect(screen.queryByLabelText(/CA certificate/)).toBeNull();
    expect(screen.queryByText('cosign.pub')).toBeNull();
    await user.clear(screen.getByLabelText('SemVer range'));
    await user.type(screen.getByLabelText('SemVer range'), '>=2.0.0');
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(onProposed).toHaveBeenCalledWith('p5'));
    const { id, input } = sent(hub, 'ProposeOciRepositoryEdit')!;
    expect(id).toBe('o1');
    expect(input.spec).toMatchObject({ ref: { semver: '>=2.0.0', semverFilter: '.*-rc.*' }, verify: { provider: 'cosign' } });
    for (const hubHeld of ['credentials', 'clearCredentials', 'tls', 'clearTls', 'verifyPublicKeys']) expect(input).not.toHaveProperty(hubHeld);
    expect(sent(hub, 'UpdateOciRepository')).toBeUndefined();
  });

  it('spec.verify is turned off and on from the form: off sends no verify; on without keys stored at the hub is refused in the form and nothing is sent', async () => {
    const hub = mockHub({ ProposeOciRepositoryEdit: () => gqlData({ proposeOCIRepositoryEdit: { id: 'p6', headBranch: 'flotilla/edit-ocirepository-manifests-2' } }) });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    const { unmount } = renderRoute(<OciRepositoryForm existing={stored({ managedBy })} onSaved={() => {}} onCancel={() => {}} proposeInGit={{ onProposed }} />);
    const verify = screen.getByLabelText(/Verify signatures with cosign/);
    expect(verify).toBeChecked();
    await user.click(verify);
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(onProposed).toHaveBeenCalledWith('p6'));
    const { input } = sent(hub, 'ProposeOciRepositoryEdit')!;
    expect(input.spec).not.toHaveProperty('verify');
    expect(input).not.toHaveProperty('verifyPublicKeys');
    unmount();

    const noKeys = mockHub({ ProposeOciRepositoryEdit: () => gqlData({ proposeOCIRepositoryEdit: { id: 'p7', headBranch: 'x' } }) });
    const { spec } = stored();
    const { verify: _verify, ...unverified } = spec as Record<string, unknown>;
    renderRoute(<OciRepositoryForm existing={stored({ managedBy, spec: unverified, verifyPublicKeys: [] })} onSaved={() => {}} onCancel={() => {}} proposeInGit={{ onProposed }} />);
    await user.click(screen.getByLabelText(/Verify signatures with cosign/));
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    expect(await screen.findByText(/Add the cosign public key/)).toBeInTheDocument();
    expect(sent(noKeys, 'ProposeOciRepositoryEdit')).toBeUndefined();
  });

  it('the hub’s refusal is shown under the form and nothing is reported proposed', async () => {
    mockHub({ ProposeOciRepositoryEdit: () => gqlError('BAD_USER_INPUT', 'the FleetSync would refuse the new revision: clusters/hub/oci.yaml: duplicate', 'spec') });
    const onProposed = vi.fn();
    const user = userEvent.setup();
    renderRoute(<OciRepositoryForm existing={stored({ managedBy })} onSaved={() => {}} onCancel={() => {}} proposeInGit={{ onProposed }} />);
    await user.click(screen.getByRole('button', { name: 'Propose change in git' }));
    expect(await screen.findByText('Could not propose the change')).toBeInTheDocument();
    expect(screen.getByText(/the FleetSync would refuse the new revision/)).toBeInTheDocument();
    expect(onProposed).not.toHaveBeenCalled();
  });
});

describe('OciCredentialsForm (an OCIRepository a FleetSync manages)', () => {
  const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/oci.yaml', revision: null };
  const saved = { id: 'o1', credentialsKind: 'basic', hasCaCertificate: false, hasClientCertificate: false, verifyPublicKeys: [] };

  it('sends only the credentials, checked first; Save is off until something changes; the keys are not sent when unchanged', async () => {
    const hub = mockHub({ SetOciRepositoryCredentials: () => gqlData({ setOciRepositoryCredentials: { ...saved, verifyPublicKeys: stored().verifyPublicKeys } }) });
    const user = userEvent.setup();
    renderRoute(<OciCredentialsForm existing={stored({ managedBy, credentialsKind: null })} />);
    expect(screen.getByRole('button', { name: 'Save credentials' })).toBeDisabled();
    expect(screen.queryByLabelText('Verify signatures with cosign')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    await user.type(screen.getByLabelText('Username'), 'robot');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(screen.getByText('Password is required for basic auth.')).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
    await user.type(screen.getByLabelText('Password'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    await waitFor(() => expect(sent(hub, 'SetOciRepositoryCredentials')).toBeDefined());
    expect(sent(hub, 'SetOciRepositoryCredentials')).toEqual({ id: 'o1', input: { credentials: { username: 'robot', password: 's3cret' } } });
    expect(await screen.findByText('Credentials saved')).toBeInTheDocument();
  });

  it('cosign keys can be given before git turns verify on; a bad key is refused on its field, nothing sent', async () => {
    const hub = mockHub({ SetOciRepositoryCredentials: () => gqlData({ setOciRepositoryCredentials: saved }) });
    const user = userEvent.setup();
    const noVerify = stored({ managedBy, verifyPublicKeys: [], spec: { url: 'oci://ghcr.io/org/manifests', interval: '5m' } });
    renderRoute(<OciCredentialsForm existing={noVerify} />);
    expect(screen.getByText(/kept for when it does/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add public key' }));
    await user.type(screen.getByLabelText('Key name'), 'cosign.pub');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(screen.getByText('Paste the PEM public key (cosign.pub).')).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
    await user.type(screen.getByLabelText('Public key (PEM)'), 'PEM');
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    await waitFor(() => expect(sent(hub, 'SetOciRepositoryCredentials')).toEqual({ id: 'o1', input: { verifyPublicKeys: [{ name: 'cosign.pub', pem: 'PEM' }] } }));
  });

  it('a refusal of the hub is shown', async () => {
    mockHub({ SetOciRepositoryCredentials: () => gqlError('BAD_USER_INPUT', 'credentials.username: required', 'credentials.username') });
    const user = userEvent.setup();
    renderRoute(<OciCredentialsForm existing={stored({ managedBy })} />);
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await user.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(await screen.findByText('Could not save the credentials')).toBeInTheDocument();
  });
});
