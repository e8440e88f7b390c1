import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { bareRepo, FLEET_EDIT_PROPOSAL as PROPOSAL, type FleetEditProposal as Proposal } from '../../test/fleet-edit-repo.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// The three notification kinds in one file, with comments: a proposal for one keeps the others byte for byte.
const PROVIDER = `# Where the alerts go.
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata:
  name: slack
spec:
  type: slack
  channel: general # the team channel
  secretRef:
    name: slack-url
`;
const ALERT = `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata:
  name: on-call
spec:
  providerRef:
    name: slack
  eventSeverity: error # failures only
  eventSources:
    - kind: Kustomization
      name: "*"
`;
const RECEIVER = `apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata:
  name: push
spec:
  type: github
  events:
    - push
  resources:
    - kind: GitRepository
      name: app # the app's repository
  secretRef:
    name: push-token
`;
const NOTIFY = `${PROVIDER}---\n${ALERT}---\n${RECEIVER}`;

const IMAGES = `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: app
spec:
  image: ghcr.io/team/app
  interval: 5m # scanned often
---
# The 1.x line of the app.
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app
spec:
  imageRepositoryRef:
    name: app
  policy:
    semver:
      range: ">=1.0.0 <2.0.0"
`;

const OCI = `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: manifests
spec:
  url: oci://registry.example.com/team/manifests
  ref:
    tag: "1.0" # pinned
  interval: 10m
`;

describe('FleetSync edits of notification objects and deletes of image and notification objects, proposed in git (real Postgres, real git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    const url = await git.createRepo('fleet');
    await git.pushFiles(url, { 'clusters/hub/notify.yaml': NOTIFY, 'clusters/hub/images.yaml': IMAGES, 'clusters/hub/oci.yaml': OCI });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'fleet', url, ref: { branch: 'main' }, interval: '1h' } });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'app', url: await git.createRepo('app'), interval: '1h' } });
    await gql('admin', 'mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', { input: { name: 'hub', sourceName: 'fleet', path: './clusters/hub' } });
    await eventually(() => receiver(), (r) => r?.managedBy?.file === 'clusters/hub/notify.yaml', 30_000);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  async function gql<T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  }
  type Managed = { id: string; name: string; managedBy: { file: string } | null };
  const provider = async () => (await gql<{ notificationProviders: (Managed & { channel: string | null; secretKeys: string[] })[] }>('viewer', '{ notificationProviders { id name channel secretKeys managedBy { file } } }')).notificationProviders.find((p) => p.name === 'slack');
  const alert = async () => (await gql<{ alerts: (Managed & { providerId: string; eventSeverity: string })[] }>('viewer', '{ alerts { id name providerId eventSeverity managedBy { file } } }')).alerts.find((a) => a.name === 'on-call');
  const receiver = async () => (await gql<{ receivers: (Managed & { events: string[] })[] }>('viewer', '{ receivers { id name events managedBy { file } } }')).receivers.find((r) => r.name === 'push');
  const { show, branches } = bareRepo(() => path.join(git.reposDir, 'fleet.git'));
  const proposeDelete = (who: TestUser, kind: string, id: string) => t.gql<{ proposeFleetDelete: Proposal }>(s[who], `mutation($kind: String!, $id: ID!) { proposeFleetDelete(kind: $kind, id: $id) { ${PROPOSAL} } }`, { kind, id });

  it('a managed Provider: its channel proposed in its document only (comments and the other documents kept); the secret the hub holds never reaches the file, the diff or an error; secret fields, an operator and a rename are refused with nothing committed', async () => {
    const p = (await provider())!;
    const token = 'xoxb-0123-hub-held-token';
    await gql('admin', 'mutation($id: ID!, $input: NotificationProviderSecretsInput!) { setNotificationProviderSecret(id: $id, input: $input) { id } }', { id: p.id, input: { secret: { token } } });
    const propose = (who: TestUser, input: Record<string, unknown>) =>
      t.gql<{ proposeProviderEdit: Proposal }>(s[who], `mutation($id: ID!, $input: NotificationProviderInput!) { proposeProviderEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: p.id, input });
    const input = { name: 'slack', type: 'slack', channel: 'alerts' };
    const before = branches();
    const withSecret = await propose('admin', { ...input, secret: { token: 'xoxb-typed-in-the-form' } });
    expect(withSecret.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'secret' });
    expect(JSON.stringify(withSecret.errors)).not.toContain('xoxb-typed-in-the-form');
    const clearCertificate = await propose('admin', { ...input, clearCertificate: true });
    expect(clearCertificate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clearCertificate' });
    const renamed = await propose('admin', { ...input, name: 'slack-2' });
    expect(renamed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const badTimeout = await propose('admin', { ...input, timeout: '5m' });
    expect(badTimeout.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeout' });
    // As its update: admins of the whole fleet only.
    expect((await propose('operator', input)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(branches()).toEqual(before);

    const r = await propose('admin', input);
    expect(r.errors).toBeUndefined();
    const proposal = r.data!.proposeProviderEdit;
    expect(proposal.fleetEdit).toMatchObject({ kind: 'Provider', namespace: 'flotilla-system', name: 'slack', file: 'clusters/hub/notify.yaml', action: 'edit', proposedBy: 'admin' });
    expect(proposal.headBranch).toMatch(/^flotilla\/edit-provider-slack-/);
    const head = show(proposal.headBranch, 'clusters/hub/notify.yaml');
    expect(head).toBe(NOTIFY.replace('channel: general # the team channel', 'channel: alerts # the team channel'));
    expect(head).not.toContain(token);
    expect(JSON.stringify(proposal)).not.toContain(token);
    // Nothing applied yet; the hub still holds the secret.
    expect(await provider()).toMatchObject({ channel: 'general', secretKeys: ['token'] });
  }, 90_000);

  it('a managed Alert: its severity proposed in its document only; approved by someone else and merged, the FleetSync applies it; a Provider that does not exist is refused at providerId', async () => {
    const a = (await alert())!;
    const propose = (who: TestUser, input: Record<string, unknown>) =>
      t.gql<{ proposeAlertEdit: Proposal }>(s[who], `mutation($id: ID!, $input: AlertInput!) { proposeAlertEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: a.id, input });
    const input = { name: 'on-call', providerId: a.providerId, eventSeverity: 'info', eventSources: [{ kind: 'Kustomization', name: '*' }] };
    const before = branches();
    const noProvider = await propose('admin', { ...input, providerId: 'nope' });
    expect(noProvider.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerId' });
    const same = await propose('admin', { ...input, eventSeverity: 'error' });
    expect(same.errors?.[0]?.message).toContain('nothing changed');
    expect((await propose('operator', input)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(branches()).toEqual(before);

    const r = await propose('admin', input);
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeAlertEdit;
    expect(p.fleetEdit).toMatchObject({ kind: 'Alert', name: 'on-call', file: 'clusters/hub/notify.yaml', action: 'edit' });
    expect(show(p.headBranch, 'clusters/hub/notify.yaml')).toBe(NOTIFY.replace('eventSeverity: error # failures only', 'eventSeverity: info # failures only'));
    expect((await alert())!.eventSeverity).toBe('error');
    await gql('operator', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id });
    expect((await gql<{ mergeUpdateProposal: { state: string } }>('admin', 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { state } }', { id: p.id })).mergeUpdateProposal.state).toBe('merged');
    await eventually(alert, (x) => x?.eventSeverity === 'info', 30_000);
  }, 90_000);

  it('a managed Receiver: its events proposed in its document only; the token the hub made never reaches the file or the diff; a gcr audience, which Flux reads from the Secret, is refused', async () => {
    const rc = (await receiver())!;
    // Renewing the token is allowed on a managed Receiver: the hub, not git, holds it.
    const token = (await gql<{ rotateReceiverToken: { token: string } }>('admin', 'mutation($id: ID!) { rotateReceiverToken(id: $id) { token } }', { id: rc.id })).rotateReceiverToken.token;
    const propose = (who: TestUser, input: Record<string, unknown>) =>
      t.gql<{ proposeReceiverEdit: Proposal }>(s[who], `mutation($id: ID!, $input: ReceiverInput!) { proposeReceiverEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: rc.id, input });
    const input = { name: 'push', type: 'github', events: ['push', 'ping'], resources: [{ kind: 'GitRepository', name: 'app' }] };
    const before = branches();
    const gcr = await propose('admin', { ...input, type: 'gcr', events: [], gcrAudience: 'https://hub.example.com/gcr', gcrEmail: 'push@p.iam.gserviceaccount.com' });
    expect(gcr.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gcrAudience' });
    const badKind = await propose('admin', { ...input, resources: [{ kind: 'Bucket', name: 'app' }] });
    expect(badKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resources.0.kind' });
    expect((await propose('operator', input)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(branches()).toEqual(before);

    const r = await propose('admin', input);
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeReceiverEdit;
    expect(p.fleetEdit).toMatchObject({ kind: 'Receiver', name: 'push', action: 'edit' });
    const base = show('main', 'clusters/hub/notify.yaml');
    const head = show(p.headBranch, 'clusters/hub/notify.yaml');
    expect(head).toBe(base.replace('  events:\n    - push\n', '  events:\n    - push\n    - ping\n'));
    expect(head).not.toContain(token);
    expect(JSON.stringify(p)).not.toContain(token);
  }, 90_000);

  it('proposeFleetDelete of the image kinds needs an operator, as their own delete: an ImagePolicy’s document goes, the ImageRepository’s and the comments stay; a viewer is refused', async () => {
    const policy = (await gql<{ imagePolicies: Managed[] }>('viewer', '{ imagePolicies { id name managedBy { file } } }')).imagePolicies.find((x) => x.name === 'app')!;
    expect(policy.managedBy).toEqual({ file: 'clusters/hub/images.yaml' });
    expect((await proposeDelete('viewer', 'ImagePolicy', policy.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const r = await proposeDelete('operator', 'ImagePolicy', policy.id);
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeFleetDelete;
    expect(p.fleetEdit).toMatchObject({ kind: 'ImagePolicy', name: 'app', file: 'clusters/hub/images.yaml', action: 'delete', proposedBy: 'operator' });
    expect(p.headBranch).toMatch(/^flotilla\/edit-imagepolicy-app-/);
    expect(show(p.headBranch, 'clusters/hub/images.yaml')).toBe(IMAGES.slice(0, IMAGES.indexOf('---\n# The 1.x line')));
  }, 60_000);

  it('proposeFleetDelete of the notification kinds needs an admin, as their own delete: a Receiver’s document goes and the others stay; an operator is refused; an unknown id is not found; a Provider still in use is refused', async () => {
    const rc = (await receiver())!;
    const before = branches();
    expect((await proposeDelete('operator', 'Receiver', rc.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await proposeDelete('admin', 'Alert', 'nope');
    expect(missing.errors?.[0]?.message).toBe('no such Alert');
    // As its hand delete: a Provider an Alert still sends to is refused.
    const inUse = await proposeDelete('admin', 'Provider', (await provider())!.id);
    expect(inUse.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(inUse.errors?.[0]?.message).toContain('1 Alert(s) send to Provider flotilla-system/slack');
    expect(branches()).toEqual(before);
    const r = await proposeDelete('admin', 'Receiver', rc.id);
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeFleetDelete;
    expect(p.fleetEdit).toMatchObject({ kind: 'Receiver', name: 'push', action: 'delete', proposedBy: 'admin' });
    const base = show('main', 'clusters/hub/notify.yaml');
    expect(show(p.headBranch, 'clusters/hub/notify.yaml')).toBe(base.slice(0, base.indexOf('---\napiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver')));
  }, 60_000);

  it('a managed OCIRepository’s spec.verify turned on and off in git (provider cosign only): the cosign key the hub holds never reaches the file or the diff', async () => {
    type O = { id: string; name: string; spec: Record<string, unknown>; managedBy: { file: string } | null };
    const o = (await eventually(async () => (await gql<{ ociRepositories: O[] }>('viewer', '{ ociRepositories { id name spec managedBy { file } } }')).ociRepositories.find((r) => r.name === 'manifests'), (r) => r?.managedBy?.file === 'clusters/hub/oci.yaml', 30_000))!;
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await gql('operator', 'mutation($id: ID!, $input: OCIRepositorySecretsInput!) { setOciRepositoryCredentials(id: $id, input: $input) { id } }', { id: o.id, input: { verifyPublicKeys: [{ name: 'cosign.pub', pem }] } });
    const propose = (spec: Record<string, unknown>) =>
      t.gql<{ proposeOCIRepositoryEdit: Proposal }>(s.operator, `mutation($id: ID!, $input: OCIRepositoryInput!) { proposeOCIRepositoryEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: o.id, input: { name: 'manifests', spec } });
    const keyLine = pem.split('\n')[1]!;
    const on = await propose({ ...o.spec, verify: { provider: 'cosign' } });
    expect(on.errors).toBeUndefined();
    const head = show(on.data!.proposeOCIRepositoryEdit.headBranch, 'clusters/hub/oci.yaml');
    expect(head).toBe(`${OCI}  verify:\n    provider: cosign\n`);
    expect(head).not.toContain(keyLine);
    expect(JSON.stringify(on.data)).not.toContain(keyLine);
    // Git may name a Secret of keys only on a cluster; the hub holds them, so a proposal naming one is refused.
    const secretRef = await propose({ ...o.spec, verify: { provider: 'cosign', secretRef: { name: 'cosign-pub' } } });
    expect(secretRef.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spec.verify.secretRef' });

    // Merged, the FleetSync applies it; turning it off again removes the field and nothing else.
    const p = on.data!.proposeOCIRepositoryEdit;
    await gql('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id });
    expect((await gql<{ mergeUpdateProposal: { state: string } }>('admin', 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { state } }', { id: p.id })).mergeUpdateProposal.state).toBe('merged');
    const verified = (await eventually(async () => (await gql<{ ociRepositories: O[] }>('viewer', '{ ociRepositories { id name spec managedBy { file } } }')).ociRepositories.find((r) => r.name === 'manifests'), (r) => r?.spec.verify !== undefined, 30_000))!;
    const { verify: _verify, ...unverified } = verified.spec;
    const off = await propose(unverified);
    expect(off.errors).toBeUndefined();
    expect(show(off.data!.proposeOCIRepositoryEdit.headBranch, 'clusters/hub/oci.yaml')).toBe(OCI);
  }, 90_000);
});
