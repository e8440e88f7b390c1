import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RegistrySession, resolveDigest } from '@flotilla/oci-client';
import { cosignSign, generateCosignKeyPair, makeTempDir, makeTempTree, runFlux, startGitServer, startPostgres, startRegistry, type CosignKeyPair, type TestGitServer, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { configMapYaml as configMap, FLEET_EDIT_DIFF_PROPOSAL, type FleetEditDiffProposal as Proposal } from '../../test/fleet-edit-repo.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// The per-cluster diffs of a proposed edit of a git-managed Kustomization that reads an OCIRepository, and of a
// change of that OCIRepository's ref: each side built from the OCI artifact the hub serves the agents, or the
// one the new ref names, pulled as the preview pulls it; a change of its other fields renders the same objects,
// a new `verify` checked against the artifact the hub serves (real Postgres, git server, registry, `flux push`
// and `cosign`).

// 1.0 and 1.1 (and the mirror's 1.0) differ in the settings only; v2 adds an object.
const artifact = (size: string) => ({
  'base/settings.yaml': configMap('settings', { region: '${region}', size }),
  'base/common.yaml': configMap('common', { owner: 'team-a' }),
  'v2/common.yaml': configMap('common', { owner: 'team-a' }),
  'v2/settings.yaml': configMap('settings', { region: '${region}', size }),
  'v2/extra.yaml': configMap('extra', { a: '1' }),
});

describe('per-cluster diffs of proposed FleetSync edits reading an OCIRepository (real registry)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let registry: TestRegistry;
  let t: TestHub;
  let signer: CosignKeyPair;
  let stranger: CosignKeyPair;
  const s = {} as Record<TestUser, Session>;

  async function fluxPush(tag: string, files: Record<string, string>, kubeconfig: string, repo = 'team/manifests'): Promise<void> {
    const src = await makeTempTree('oci-src', files);
    const out = await runFlux(['push', 'artifact', `oci://${registry.host}/${repo}:${tag}`, '--path', src, '--source', 'https://github.com/example/app', '--revision', `${tag}@sha1:0123456789abcdef0123456789abcdef01234567`], { kubeconfig });
    expect(out.exitCode, out.stderr).toBe(0);
  }

  beforeAll(async () => {
    let dir: string;
    [pg, git, registry, dir, signer, stranger] = await Promise.all([startPostgres(), startGitServer(), startRegistry(), makeTempDir('oci-fleet-diffs'), generateCosignKeyPair(), generateCosignKeyPair()]);
    // `flux push artifact` talks to the registry only; the flag still wants a kubeconfig file.
    const kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    await fluxPush('1.0', artifact('small'), kubeconfig);
    await fluxPush('1.1', artifact('large'), kubeconfig);
    await fluxPush('1.0', artifact('mirrored'), kubeconfig, 'team/mirror');
    // 1.0 (what the hub serves) is signed by signer; 1.1 is not signed.
    await cosignSign(`${registry.host}/team/manifests@${await resolveDigest(new RegistrySession(registry.host, 'team/manifests', undefined), '1.0')}`, signer);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    for (const name of ['eu', 'us', 'lab']) await t.registeredCluster(s.admin, name);
    const fleet = await git.createRepo('fleet');
    await git.pushFiles(fleet, {
      'clusters/hub/manifests.yaml': `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: manifests\nspec:\n  url: oci://${registry.host}/team/manifests\n  ref:\n    tag: "1.0"\n  interval: 1h\n`,
      'clusters/hub/web.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: web
spec:
  sourceRef:
    kind: OCIRepository
    name: manifests
  path: ./base
  prune: true
  interval: 5m
  postBuild:
    substitute:
      tier: web
`,
      'clusters/hub/placement.yaml': `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: regions
spec:
  kustomizations: [web]
  clusters:
    - name: eu
      variables: { region: eu-west }
    - name: us
      variables: { region: us-east }
`,
    });
    await t.gqlData(s.admin, 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'fleet', url: fleet, ref: { branch: 'main' }, interval: '1h' } });
    await t.gqlData(s.admin, 'mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', { input: { name: 'hub', sourceName: 'fleet', path: './clusters/hub' } });
    await eventually(ociRepository, (o) => o?.artifact !== null && o?.artifact !== undefined, 60_000);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), registry?.stop(), pg?.stop()]);
  });

  const gql = <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => t.gqlData<T>(s[who], query, variables);
  async function ociRepository() {
    return (await gql<{ ociRepositories: { id: string; name: string; spec: Record<string, unknown>; artifact: { revision: string } | null }[] }>('viewer', '{ ociRepositories { id name spec artifact { revision } } }')).ociRepositories.find((o) => o.name === 'manifests');
  }
  const summary = (p: Proposal) => p.clusterDiffs.map((d) => [d.kustomization, d.cluster, d.added, d.changed.map((c) => [c.object, c.fields]), d.removed, d.error, d.note]);
  const dataOf = (yaml: string): Record<string, string> => (parse(yaml) as { data: Record<string, string> }).data;
  const proposeOci = async (spec: Record<string, unknown>): Promise<Proposal> => {
    const o = (await ociRepository())!;
    return (await gql<{ proposeOCIRepositoryEdit: Proposal }>('operator', `mutation($id: ID!, $input: OCIRepositoryInput!) { proposeOCIRepositoryEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: o.id, input: { name: 'manifests', spec: { ...o.spec, ...spec } } })).proposeOCIRepositoryEdit;
  };

  it('a changed spec.path of a Kustomization reading an OCIRepository: built from the OCI artifact the hub serves, on each cluster it is placed on', async () => {
    const k = (await gql<{ kustomizations: { id: string; name: string; spec: Record<string, unknown>; placement: { clusterNames: string[]; clusterSelector: string | null } }[] }>('viewer', '{ kustomizations { id name spec placement { clusterNames clusterSelector } } }')).kustomizations.find((x) => x.name === 'web')!;
    const input = { name: 'web', spec: { ...k.spec, path: './v2' }, placement: { clusterNames: k.placement.clusterNames, clusterSelector: k.placement.clusterSelector } };
    const p = (await gql<{ proposeKustomizationEdit: Proposal }>('operator', `mutation($id: ID!, $input: KustomizationInput!) { proposeKustomizationEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: k.id, input })).proposeKustomizationEdit;
    expect(summary(p)).toEqual([
      ['flotilla-system/web', 'eu', ['ConfigMap/extra'], [], [], null, null],
      ['flotilla-system/web', 'us', ['ConfigMap/extra'], [], [], null, null],
    ]);
  }, 90_000);

  it('a changed ref of the OCIRepository (Flux’s OCIRepositoryRef tag): each Kustomization reading it built from the hub’s artifact and from the new tag’s, on each cluster; an interval change alone renders nothing', async () => {
    const p = await proposeOci({ ref: { tag: '1.1' } });
    expect(p.fleetEdit).toEqual({ kind: 'OCIRepository', name: 'manifests', action: 'edit' });
    expect(summary(p)).toEqual([
      ['flotilla-system/web', 'eu', [], [['ConfigMap/settings', ['data.size']]], [], null, null],
      ['flotilla-system/web', 'us', [], [['ConfigMap/settings', ['data.size']]], [], null, null],
    ]);
    expect(dataOf(p.clusterDiffs[1]!.changed[0]!.after)).toEqual({ region: 'us-east', size: 'large' });
    expect((await proposeOci({ interval: '2h' })).clusterDiffs).toEqual([]);
  }, 90_000);

  it('a changed url or ignore of the OCIRepository (its ignore rules applied by the pull that makes its artifacts): each Kustomization built from the hub’s artifact and from the edited source’s', async () => {
    const moved = await proposeOci({ url: `oci://${registry.host}/team/mirror` });
    expect(summary(moved)).toEqual([
      ['flotilla-system/web', 'eu', [], [['ConfigMap/settings', ['data.size']]], [], null, null],
      ['flotilla-system/web', 'us', [], [['ConfigMap/settings', ['data.size']]], [], null, null],
    ]);
    expect(dataOf(moved.clusterDiffs[0]!.changed[0]!.after)).toEqual({ region: 'eu-west', size: 'mirrored' });
    const ignored = await proposeOci({ ignore: '/base/settings.yaml\n' });
    expect(summary(ignored)).toEqual([
      ['flotilla-system/web', 'eu', [], [], ['ConfigMap/settings'], null, null],
      ['flotilla-system/web', 'us', [], [], ['ConfigMap/settings'], null, null],
    ]);
  }, 90_000);

  it('a tag the registry does not have: the proposal is made, each cluster’s diff carrying a note that the new ref could not be pulled', async () => {
    const p = await proposeOci({ ref: { tag: '9.9' } });
    expect(p.state).toBe('open');
    expect(p.clusterDiffs.map((d) => [d.cluster, d.added, d.changed, d.removed, d.error])).toEqual([
      ['eu', [], [], [], null],
      ['us', [], [], [], null],
    ]);
    for (const d of p.clusterDiffs) expect(d.note).toMatch(/^not rendered: pulling the new ref: .*9\.9/);
  }, 90_000);

  /** Gives the hub the cosign public key of `pair` for the OCIRepository (its keys are the hub’s, never in git). */
  const holdKey = async (pair: CosignKeyPair) => {
    const o = (await ociRepository())!;
    await gql('admin', 'mutation($id: ID!, $input: OCIRepositorySecretsInput!) { setOciRepositoryCredentials(id: $id, input: $input) { id } }', { id: o.id, input: { verifyPublicKeys: [{ name: 'cosign.pub', pem: await readFile(pair.publicKeyPath, 'utf8') }] } });
  };
  const empties = (p: Proposal) => p.clusterDiffs.map((d) => [d.kustomization, d.cluster, d.added, d.changed, d.removed, d.error]);
  const onEachCluster = [
    ['flotilla-system/web', 'eu', [], [], [], null],
    ['flotilla-system/web', 'us', [], [], [], null],
  ];

  it('a changed insecure of the OCIRepository (no new revision is pulled): each cluster renders the same objects, an empty diff saying so rather than “not rendered”', async () => {
    const p = await proposeOci({ insecure: true });
    expect(empties(p)).toEqual(onEachCluster);
    for (const d of p.clusterDiffs) expect(d.note).toBe('renders the same objects: a change of insecure leaves the artifact as it is');
  }, 90_000);

  it('verify turned on, the artifact the hub serves signed by a key the hub holds (Flux’s cosign verification, SourceVerified=True): each cluster renders the same objects, the note saying the artifact passes', async () => {
    await holdKey(signer);
    const p = await proposeOci({ verify: { provider: 'cosign' } });
    expect(empties(p)).toEqual(onEachCluster);
    for (const d of p.clusterDiffs) expect(d.note).toMatch(/^renders the same objects: the artifact the hub serves \(1\.0@sha256:[0-9a-f]{64}\) passes the new verification$/);
  }, 90_000);

  it('verify turned on with a new tag that is not signed (Flux: SourceVerified=False, the artifact not updated): nothing changes on the clusters, the note naming the failed verification', async () => {
    await holdKey(signer);
    const p = await proposeOci({ verify: { provider: 'cosign' }, ref: { tag: '1.1' } });
    expect(empties(p)).toEqual(onEachCluster);
    for (const d of p.clusterDiffs) {
      expect(d.note).toMatch(/^renders the same objects: the new ref names a revision that fails verification \(failed to verify the signature using provider 'cosign': no matching signatures were found for '.*team\/manifests@sha256:[0-9a-f]{64}'\); Flux sets SourceVerified=False and keeps the current artifact$/);
    }
  }, 90_000);

  it('verify turned on while the hub holds another key (Flux: SourceVerified=False, the current artifact kept): each cluster renders the same objects, the note saying the artifact fails the new verification', async () => {
    await holdKey(stranger);
    const p = await proposeOci({ verify: { provider: 'cosign' } });
    expect(empties(p)).toEqual(onEachCluster);
    for (const d of p.clusterDiffs) {
      expect(d.note).toMatch(/^renders the same objects: the artifact the hub serves \(1\.0@sha256:[0-9a-f]{64}\) fails the new verification \(failed to verify the signature using provider 'cosign': no matching signatures were found for .*\); Flux sets SourceVerified=False and keeps serving it, so nothing changes on the clusters$/);
    }
  }, 90_000);
});
