import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
  type ManagedProcess,
  startCluster,
  startGitServer,
  startPostgres,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startBootstrapHub, startBootstrappedAgent, type BootstrapHub } from './support/bootstrap-setup.js';

// `flotilla bootstrap git` against a real hub (`pnpm start`, real Postgres), a real git server (git-http-backend
// with basic auth) and a real kube-apiserver. The cluster's kwok nodes run no containers, so the Deployment
// bootstrap installs never starts an agent there: the test runs the agent as a process with the cluster's
// kubeconfig and the credential bootstrap stored in the cluster's Secret, which is what the pod would do, started
// once bootstrap applied its manifests, while bootstrap waits for the agent and the sync pair as flux's does.
const run = promisify(execFile);

describe('flotilla bootstrap git', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let hub: BootstrapHub['hub'];
  let fleet: BootstrapHub;
  let agent: ManagedProcess | undefined;
  let home = '';
  let env: Record<string, string> = {};
  let repoUrl = '';
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home, env, timeoutMs: 400_000 });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();
  const gitCli = async (...args: string[]) => (await run('git', args, { env: { ...process.env, HOME: home } })).stdout.trim();
  const bareRepo = (name: string) => path.join(git.reposDir, `${name}.git`);
  const log = (name: string) => gitCli('--git-dir', bareRepo(name), 'log', '--format=%H %s', 'main').catch(() => '');
  const flags = (url: string, extra: string[] = []) => [
    'bootstrap', 'git', '--url', url, '--path', 'clusters/edge', '--username', git.credentials.username, '--password', git.credentials.password,
    '--token-auth', '--allow-insecure-http', '--author-name', 'Flotilla Bot', '--author-email', 'bot@example.com',
    '--kubeconfig', cluster.kubeconfigPath, '--cluster-name', 'edge', '--label', 'env=dev', '--label', 'tier=edge', ...extra,
  ];
  const hubClusters = () => fleet.clusters();
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe().catch(() => undefined);
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${agent ? `; agent log: ${agent.logPath}` : ''}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  beforeAll(async () => {
    home = await makeTempDir('cli-bootstrap');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startCluster({ name: 'bootstrap', nodes: 1 })]);
    fleet = await startBootstrapHub(pg);
    hub = fleet.hub;
    env = fleet.env;
    repoUrl = await git.createRepo('fleet');
    await git.pushFiles('fleet', { 'README.md': 'fleet\n' });
    await git.createRepo('readonly');
    await git.pushFiles('readonly', { 'README.md': 'read only\n' });
    // git-http-backend refuses git-receive-pack for this one: clones work, pushes get 403.
    await gitCli('--git-dir', bareRepo('readonly'), 'config', 'http.receivepack', 'false');
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('--help lists flux bootstrap git’s flags and the exit codes', async () => {
    const r = await cli(['bootstrap', 'git', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--url', '--branch', '--path', '--username', '--password', '--token-auth', '--author-name', '--author-email', '--kubeconfig', '--context', '--cluster-name', '--label', '--agent-version', '--agent-image'])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('Exit codes:');
  });

  it('a --timeout that is not a duration is refused before anything is contacted: exit 2, no commit', async () => {
    const before = await log('fleet');
    const r = await cli([...flags(repoUrl), '--timeout', 'soon']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("option '--timeout <duration>' argument 'soon' is invalid");
    expect(await hubClusters()).toEqual([]);
    expect(await log('fleet')).toBe(before);
  });

  it('an unreachable cluster stops it before any change: exit 5, nothing at the hub, no commit', async () => {
    const dead = path.join(home, 'dead-kubeconfig');
    await writeFile(dead, (await import('node:fs')).readFileSync(cluster.kubeconfigPath, 'utf8').replace(/server: .*/, 'server: https://127.0.0.1:1'));
    const before = await log('fleet');
    const r = await cli([...flags(repoUrl), '--kubeconfig', dead]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('✗ cannot reach the cluster at https://127.0.0.1:1: ECONNREFUSED; bootstrap needs its API server (--kubeconfig, --context)');
    expect(await hubClusters()).toEqual([]);
    expect(await log('fleet')).toBe(before);
  }, 120_000);

  it('a repository without write access stops it before any change: exit 3, nothing at the hub or in the cluster, no commit', async () => {
    const before = await log('readonly');
    const r = await cli(flags(`${git.baseUrl}/readonly.git`));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`✗ checking write access to the git repository: the git server answered 403: the credentials given (--username/--password) cannot push to ${git.baseUrl}/readonly.git; bootstrap needs write access to branch "main"`);
    expect(await hubClusters()).toEqual([]);
    expect(await log('readonly')).toBe(before);
    await expect(kubectl('get', 'namespace', 'flotilla-system')).rejects.toThrow(/NotFound/);
  }, 120_000);

  it('a hub token without the operator role on the fleet stops it before any change: exit 3, no commit', async () => {
    const viewerToken = await fleet.apiToken('bootstrap-viewer', 'VIEWER');
    const before = await log('fleet');
    const r = await runFlotilla(flags(repoUrl), { home, env: { ...env, FLOTILLA_TOKEN: viewerToken }, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('✗ the hub token of admin (viewer) may not register clusters: bootstrap needs a token with the operator or admin role on the whole fleet\n');
    expect(await hubClusters()).toEqual([]);
    expect(await log('fleet')).toBe(before);
  }, 120_000);

  let firstHead = '';

  it('first run: registers the cluster, commits the agent and the sync pair, installs them, and waits until the agent connected and reconciled them from git', async () => {
    let finished: CliRun | undefined;
    const running = cli(flags(repoUrl)).then((r) => (finished = r));
    // The pod would start once its Deployment is applied; the sync pair is applied with it.
    await until('bootstrap to apply the sync pair', async () => (finished || (await kubectl('get', 'kustomization', 'flotilla-system', '-n', 'flotilla-system', '-o', 'name')) ? true : undefined));
    agent = startBootstrappedAgent(hub.url, cluster, home);
    const r = await running;
    expect(r.code, `${r.stderr}\nagent log: ${agent.logPath}`).toBe(0);
    const lines = (await log('fleet')).split('\n');
    expect(lines.map((l) => l.slice(41))).toEqual(['Add Flotilla sync manifests', 'Add Flotilla agent 0.1.0 component manifests', 'update README.md']);
    firstHead = lines[0]!.slice(0, 40);
    const server = (await import('node:fs')).readFileSync(cluster.kubeconfigPath, 'utf8').match(/server: (.*)/)![1]!;
    const golden = r.stderr
      .replaceAll(hub.url, 'HUB')
      .replaceAll(git.baseUrl, 'GIT')
      .replaceAll(server, 'CLUSTER')
      .replace(/Kubernetes v[^ ]+/, 'Kubernetes VERSION')
      .replace(/\([0-9a-f]{40}\)/g, '(SHA)')
      .replace(/sha1:[0-9a-f]{40}/g, 'sha1:SHA');
    expect(golden).toBe(
      [
        '► checking the hub token',
        '✔ admin may register clusters at HUB',
        '► connecting to the cluster at CLUSTER',
        "✔ the cluster runs Kubernetes VERSION and the kubeconfig's user may install the agent",
        '► checking write access to branch "main" of GIT/fleet.git',
        '✔ the repository accepts pushes',
        '► registering cluster "edge" with the hub',
        '✔ cluster "edge" registered (labels env=dev,tier=edge)',
        '✚ generating the manifests of flotilla/agent:0.1.0 and the sync pair for ./clusters/edge',
        '► committing to "main" under clusters/edge/flotilla-system/',
        '✔ committed "Add Flotilla agent 0.1.0 component manifests" (SHA)',
        '✔ committed "Add Flotilla sync manifests" (SHA)',
        '✔ pushed to "main"',
        '✔ Namespace/flotilla-system created',
        '✔ agent credential stored in Secret flotilla-system/flotilla-agent-credential',
        '✔ source secret flotilla-system/flotilla-system created',
        '► installing the Flux CRDs and applying the manifests (server-side apply)',
        '  Namespace/flotilla-system unchanged',
        '  ClusterRole/flotilla-agent created',
        '  ClusterRoleBinding/flotilla-agent created',
        '  ClusterRoleBinding/flotilla-agent-reconciler created',
        '  ServiceAccount/flotilla-system/flotilla-agent created',
        '  Role/flotilla-system/flotilla-agent-credential created',
        '  RoleBinding/flotilla-system/flotilla-agent-credential created',
        '  Deployment/flotilla-system/flotilla-agent created',
        '  Kustomization/flotilla-system/flotilla-system created',
        '  GitRepository/flotilla-system/flotilla-system created',
        '✔ installed: the agent starts and applies main@sha1:SHA from git',
        '◎ waiting for the agent of cluster "edge" to connect to the hub',
        '✔ the agent is connected',
        '◎ waiting for GitRepository "flotilla-system/flotilla-system" to be reconciled',
        '✔ GitRepository reconciled successfully',
        '◎ waiting for Kustomization "flotilla-system/flotilla-system" to be reconciled',
        '✔ Kustomization reconciled successfully',
        '',
      ].join('\n'),
    );

    // What is in git: the agent's manifests without any secret, the sync pair, and the kustomization.yaml.
    const tree = (await gitCli('--git-dir', bareRepo('fleet'), 'ls-tree', '-r', '--name-only', 'main')).split('\n');
    expect(tree).toEqual(['README.md', 'clusters/edge/flotilla-system/flotilla-agent.yaml', 'clusters/edge/flotilla-system/flotilla-sync.yaml', 'clusters/edge/flotilla-system/kustomization.yaml']);
    const show = (f: string) => gitCli('--git-dir', bareRepo('fleet'), 'show', `main:clusters/edge/flotilla-system/${f}`);
    const components = await show('flotilla-agent.yaml');
    expect(components).not.toMatch(/kind: Secret|flr_|flc_/);
    expect(components).toContain('image: "flotilla/agent:0.1.0"');
    expect(components).toContain(`args: ["--hub", "${hub.url}"]`);
    // Flux's sync pair as bootstrap writes it: GitRepository every 1m, Kustomization of ./<path> every 10m with prune.
    expect(await show('flotilla-sync.yaml')).toBe(
      '# This manifest was generated by flotilla bootstrap. DO NOT EDIT.\n---\n' +
        `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flotilla-system\n  namespace: flotilla-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n  secretRef:\n    name: flotilla-system\n  url: ${repoUrl}\n` +
        '---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flotilla-system\n  namespace: flotilla-system\nspec:\n  interval: 10m0s\n  path: ./clusters/edge\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flotilla-system',
    );
    expect(await show('kustomization.yaml')).toBe('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flotilla-agent.yaml\n  - flotilla-sync.yaml');

    // The hub has the cluster with its labels, connected; the cluster has the agent's objects and its credential.
    expect(await hubClusters()).toEqual([{ name: 'edge', labels: [{ key: 'env', value: 'dev' }, { key: 'tier', value: 'edge' }], connectionState: 'CONNECTED' }]);
    expect(await kubectl('get', 'deployment', 'flotilla-agent', '-n', 'flotilla-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe('flotilla/agent:0.1.0');
    expect(await kubectl('get', 'secret', 'flotilla-agent-credential', '-n', 'flotilla-system', '-o', 'jsonpath={.data.clusterName}')).toBe(Buffer.from('edge').toString('base64'));

    // When bootstrap returned, the sync pair had reconciled the pushed head: Ready at that revision.
    const status = (kind: string, field: string) => kubectl('get', kind, 'flotilla-system', '-n', 'flotilla-system', '-o', `jsonpath=${field}`);
    expect(await status('gitrepository', '{.status.artifact.revision}')).toBe(`main@sha1:${firstHead}`);
    expect(await status('kustomization', '{.status.lastAppliedRevision}')).toBe(`main@sha1:${firstHead}`);
    expect(await status('kustomization', '{.status.conditions[?(@.type=="Ready")].status}')).toBe('True');
    // The agent's Deployment is now among the objects the Kustomization applied and owns.
    expect(await kubectl('get', 'deployment', 'flotilla-agent', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.labels.kustomize\\.toolkit\\.fluxcd\\.io/name}')).toBe('flotilla-system');
  }, 400_000);

  it('second run with the same flags: no commit, nothing changed in the cluster or at the hub', async () => {
    const generation = async () =>
      kubectl('get', 'deployment/flotilla-agent', 'gitrepository/flotilla-system', 'kustomization/flotilla-system', 'secret/flotilla-agent-credential', 'secret/flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.generation}/{.metadata.annotations}{"\\n"}{end}');
    const before = { log: await log('fleet'), objects: await generation(), credential: await kubectl('get', 'secret', 'flotilla-agent-credential', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.resourceVersion}') };
    const r = await cli(flags(repoUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('✔ cluster "edge" is registered (labels env=dev,tier=edge)\n');
    expect(r.stderr).toContain('✔ the manifests in git are up to date\n');
    expect(r.stderr).toContain('✔ agent credential in Secret flotilla-system/flotilla-agent-credential up to date\n');
    expect(r.stderr).toContain('✔ source secret flotilla-system/flotilla-system up to date\n');
    expect(r.stderr).toContain('✔ the agent manages itself from git; nothing to change\n◎ waiting for the agent of cluster "edge" to connect to the hub\n✔ the agent is connected\n');
    expect(r.stderr).toMatch(/✔ Kustomization reconciled successfully\n$/);
    expect(await log('fleet')).toBe(before.log);
    expect(await generation()).toBe(before.objects);
    expect(await kubectl('get', 'secret', 'flotilla-agent-credential', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.resourceVersion}')).toBe(before.credential);
    expect((await hubClusters()).map((c) => c.name)).toEqual(['edge']);
  }, 300_000);

  it('a new --agent-version is one commit changing the image; the agent upgrades its Deployment from git', async () => {
    const r = await cli(flags(repoUrl, ['--agent-version', '0.2.0']));
    expect(r.code, r.stderr).toBe(0);
    const lines = (await log('fleet')).split('\n');
    expect(lines.slice(1)[0]!.slice(0, 40)).toBe(firstHead);
    expect(lines[0]!.slice(41)).toBe('Add Flotilla agent 0.2.0 component manifests');
    const head = lines[0]!.slice(0, 40);
    const diff = await gitCli('--git-dir', bareRepo('fleet'), 'diff', '--stat', firstHead, head);
    expect(diff).toMatch(/^clusters\/edge\/flotilla-system\/flotilla-agent\.yaml \| 2 \+-\n 1 file changed/);
    expect(r.stderr).toContain(`✔ the agent manages itself from git: it was asked to apply main@sha1:${head} now\n`);
    // bootstrap did not touch the Deployment itself: the agent applied the new image from git before bootstrap returned.
    expect(r.stderr).toMatch(/✔ Kustomization reconciled successfully\n$/);
    expect(await kubectl('get', 'deployment', 'flotilla-agent', '-n', 'flotilla-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe('flotilla/agent:0.2.0');
    expect(await kubectl('get', 'kustomization', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.status.lastAppliedRevision}')).toBe(`main@sha1:${head}`);
  }, 300_000);

  it('a path that no longer builds: exit 1 with the Kustomization’s message, and bootstrap changed nothing', async () => {
    // Someone else's commit breaks the synced path: its kustomization.yaml names a file that is not there.
    const applied = await kubectl('get', 'kustomization', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.status.lastAppliedRevision}');
    const broken = await git.pushFiles('fleet', {
      'clusters/edge/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flotilla-system\n  - missing.yaml\n',
    });
    const before = { log: await log('fleet'), image: await kubectl('get', 'deployment', 'flotilla-agent', '-n', 'flotilla-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}') };
    const r = await cli(flags(repoUrl, ['--agent-version', '0.2.0']));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`✔ the manifests in git are up to date\n`);
    expect(r.stderr).toContain(`✔ the agent manages itself from git: it was asked to apply main@sha1:${broken} now\n`);
    expect(r.stderr).toContain('◎ waiting for GitRepository "flotilla-system/flotilla-system" to be reconciled\n✔ GitRepository reconciled successfully\n◎ waiting for Kustomization "flotilla-system/flotilla-system" to be reconciled\n');
    const message = await kubectl('get', 'kustomization', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].message}');
    expect(message).toContain('missing.yaml');
    expect(r.stderr).toMatch(new RegExp(`✗ Kustomization flotilla-system/flotilla-system not ready: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`));
    // Nothing else changed: no commit of bootstrap's, the same Deployment, the last good revision still applied.
    expect(await log('fleet')).toBe(before.log);
    expect(await kubectl('get', 'deployment', 'flotilla-agent', '-n', 'flotilla-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe(before.image);
    expect(await kubectl('get', 'kustomization', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.status.lastAppliedRevision}')).toBe(applied);
    expect((await hubClusters()).map((c) => c.name)).toEqual(['edge']);
  }, 420_000);

  it('an agent that does not connect: exit 6 when --timeout runs out, saying what it was waiting for', async () => {
    await agent?.stop();
    agent = undefined;
    await until('the hub to see the agent gone', async () => ((await hubClusters())[0]?.connectionState !== 'CONNECTED' ? true : undefined), 60_000);
    const started = Date.now();
    const r = await cli(flags(repoUrl, ['--agent-version', '0.2.0', '--timeout', '15s']));
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toMatch(/◎ waiting for the agent of cluster "edge" to connect to the hub\n✗ timed out waiting for the agent of cluster "edge" to connect to the hub \(it is disconnected\)\n$/);
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 300_000);
});
