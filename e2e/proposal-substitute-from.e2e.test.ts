import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
  pushArtifact,
  startCluster,
  startGitServer,
  startPostgres,
  startRegistry,
  type ManagedProcess,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
  type TestRegistry,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin, type HubSession } from './support/hub-session.js';

// A proposal's per-cluster diff with the Kustomization's postBuild.substituteFrom, read in the cluster through
// its real agent: a ConfigMap's values are used, a Secret's are not (a placeholder stands for them and the
// variable is named), a missing non-optional ConfigMap fails that cluster's render as Flux fails the build, and
// without the agent the diff is built without them and says so. Real registry, git server, hub, cluster, agent.
const run = promisify(execFile);
const SECRET_VALUE = 's3cr3t-token-value-7f1e';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: ${image} # {"$imagepolicy": "flux-system:app"}
          env:
            - name: REGION
              value: \${region}
            - name: TOKEN
              value: \${api_token}
            - name: TIER
              value: \${tier}
`;

interface Diff {
  cluster: string;
  added: string[];
  changed: { object: string; fields: string[]; before: string | null; after: string | null }[];
  removed: string[];
  error: string | null;
  hiddenVariables: string[];
  note: string | null;
}

describe('proposal diff with substituteFrom read through the cluster’s agent (flux.md §2 post-build: substitute overrides substituteFrom, later entries override earlier)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let registry: TestRegistry;
  let cluster: TestCluster;
  let hub: RunningHub;
  let admin: HubSession;
  let agent: ManagedProcess | undefined;
  let kubectl = '';
  let image = '';
  let repoId = '';
  let automationId = '';
  let kustomizationId = '';
  let workDir = '';

  const k = (...args: string[]) => run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args]);
  const pushTag = (tag: string) =>
    pushArtifact({
      registry: registry.host,
      repository: 'app',
      tag,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', data: JSON.stringify({ tag }) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', data: 'layer' }],
    });
  const proposals = () =>
    admin.gql<{ updateProposals: { clusterDiffs: Diff[] }[] }>(
      'query { updateProposals(open: true) { id headCommit clusterDiffs { cluster added removed error hiddenVariables note changed { object fields before after } } } }',
    );
  const diffs = async (): Promise<Diff[]> => (await proposals()).updateProposals[0]?.clusterDiffs ?? [];
  const spec = (substituteFrom: object[]) => ({
    sourceRef: { kind: 'GitRepository', name: 'fleet' },
    path: './apps',
    interval: '1m',
    prune: true,
    postBuild: { substitute: { tier: 'inline' }, substituteFrom },
  });
  const rerun = () => admin.gql('mutation($id: ID!) { runImageUpdateAutomation(id: $id) { id } }', { id: automationId });

  beforeAll(async () => {
    workDir = await makeTempDir('e2e-proposal-substitute-from');
    kubectl = await binaryPath('kubectl');
    [pg, git, registry, cluster] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startRegistry(), startCluster({ name: 'e2e-subst', nodes: 1 })]);
    image = `${registry.host}/app`;
    await pushTag('1.0.0');
    const url = await git.createRepo('fleet');
    await git.pushFiles('fleet', { 'apps/app.yaml': deployment(`${image}:1.0.0`) });
    await k('create', 'namespace', 'flux-system');
    await k('-n', 'flux-system', 'create', 'configmap', 'settings', '--from-literal=region=eu-west', '--from-literal=api_token=overridden-by-the-secret', '--from-literal=tier=overridden-by-substitute');
    await k('-n', 'flux-system', 'create', 'secret', 'generic', 'tokens', `--from-literal=api_token=${SECRET_VALUE}`);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    const t = await createRegistrationToken(admin, 'a');
    agent = startAgent({
      command: t.agentCommand,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(workDir, 'a-credential.json'),
      logDir: workDir,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(workDir, 'a-cache')],
    });
    const { username, password } = git.credentials;
    await admin.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { namespace: 'flux-system', name: 'fleet', url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } },
    });
    kustomizationId = (
      await admin.gql<{ createKustomization: { id: string } }>('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
        input: { namespace: 'flux-system', name: 'apps', placement: { clusterNames: ['a'] }, spec: spec([{ kind: 'ConfigMap', name: 'settings' }, { kind: 'Secret', name: 'tokens' }]) },
      })
    ).createKustomization.id;
    repoId = (
      await admin.gql<{ createImageRepository: { id: string } }>('mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', {
        input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true },
      })
    ).createImageRepository.id;
    await admin.gql('mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', {
      input: { namespace: 'flux-system', name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '~1.0' } } },
    });
    automationId = (
      await admin.gql<{ createImageUpdateAutomation: { id: string } }>('mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id } }', {
        input: { namespace: 'flux-system', name: 'apps', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps' },
      })
    ).createImageUpdateAutomation.id;
  }, 600_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), registry?.stop(), git?.stop(), pg?.stop()]);
  });

  it('ConfigMap values are substituted as the agent applies them; the Secret’s value stays in the cluster, named as hidden', async () => {
    // The agent applies the base with the same sources: the ConfigMap's region, the Secret's token (it wins over
    // the ConfigMap's api_token, coming later in substituteFrom).
    const env = () => k('-n', 'default', 'get', 'deployment', 'app', '--ignore-not-found', '-o', 'jsonpath={.spec.template.spec.containers[0].env}').then((r) => r.stdout);
    await expect.poll(env, { timeout: 180_000, interval: 1000 }).toContain('eu-west');
    expect(await env()).toContain(SECRET_VALUE);

    await pushTag('1.0.1');
    await admin.gql('mutation($id: ID!) { scanImageRepository(id: $id) }', { id: repoId });
    await expect.poll(async () => (await diffs()).length, { timeout: 120_000, interval: 1000 }).toBe(1);
    const [d] = await diffs();
    expect(d).toMatchObject({ cluster: 'a', added: [], removed: [], error: null, note: null, hiddenVariables: ['api_token'] });
    expect(d!.changed.map((c) => [c.object, c.fields])).toEqual([['Deployment/default/app', ['spec.template.spec.containers[0].image']]]);
    expect(d!.changed[0]!.after).toContain('value: eu-west');
    expect(d!.changed[0]!.after).toContain('value: inline');
    expect(d!.changed[0]!.after).toContain('value: <secret-value:Secret/tokens/api_token>');
    expect(JSON.stringify(await proposals())).not.toContain(SECRET_VALUE);
  });

  it('a missing non-optional ConfigMap fails the cluster’s render as Flux fails the build; optional, it is skipped', async () => {
    const update = (from: object[]) =>
      admin.gql('mutation($id: ID!, $input: KustomizationInput!) { updateKustomization(id: $id, input: $input) { id } }', {
        id: kustomizationId,
        input: { namespace: 'flux-system', name: 'apps', placement: { clusterNames: ['a'] }, spec: spec(from) },
      });
    await update([{ kind: 'ConfigMap', name: 'settings' }, { kind: 'Secret', name: 'tokens' }, { kind: 'ConfigMap', name: 'absent' }]);
    // The agent must have the new spec before it reads the new entry; until then the diff says so in its note.
    await expect
      .poll(async () => (await rerun(), (await diffs())[0]?.error), { timeout: 120_000, interval: 2000 })
      .toBe("substitute from 'ConfigMap/absent' error: not found");
    await update([{ kind: 'ConfigMap', name: 'settings' }, { kind: 'Secret', name: 'tokens' }, { kind: 'ConfigMap', name: 'absent', optional: true }]);
    await expect.poll(async () => (await rerun(), (await diffs())[0]), { timeout: 120_000, interval: 2000 }).toMatchObject({ error: null, note: null, hiddenVariables: ['api_token'] });
  });

  it('without the agent the diff is built without substituteFrom and says why; the proposal is not failed', async () => {
    await agent?.stop();
    agent = undefined;
    await expect.poll(async () => (await rerun(), (await diffs())[0]?.note), { timeout: 120_000, interval: 2000 }).toBe('substituteFrom not applied: its agent is not connected');
    // Without the sources, ${region} and ${api_token} are unset: the render says so for this cluster, as the
    // agent's build would, and the proposal stays open.
    const [d] = await diffs();
    expect(d!.hiddenVariables).toEqual([]);
    expect(d!.error).toMatch(/region|api_token/);
  });
});
