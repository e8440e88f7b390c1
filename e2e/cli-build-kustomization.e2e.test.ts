import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
  runFlux,
  startCluster,
  startGitServer,
  startPostgres,
  type ManagedProcess,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { sopsAgeSecretManifests, sopsFixture as sops } from './support/sops-fixtures.js';
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';

// `flotilla build kustomization NAME --cluster C` against a real hub (`pnpm start`, real Postgres), a real git
// server and a real kube-apiserver with the real agent: the objects printed are those the agent applied for
// the same revision (cluster variables, postBuild.substitute and the overlay fields included), a SOPS
// Secret's values are masked as `flux build ks` masks them, and with `--path` the output is byte for byte
// what the real `flux build ks --dry-run` prints for the same spec and directory.
const run = promisify(execFile);
const CONFIG_MAP =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: "${greeting}"\n  cluster: "${cluster_name}"\n  env: "${cluster_label_env}"\n';
const SECRET_PLAINTEXT = 'plain-in-metadata-but-encrypted-here';

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

describe('flotilla build kustomization with a real hub, cluster and agent', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let agent: ManagedProcess;
  let home = '';
  let env: Record<string, string> = {};
  let clusterId = '';
  let sha = '';
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home, env });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();

  /**
   * flux reads the Kustomization from a file under --dry-run: the hub's spec with the cluster's variables as
   * postBuild.substitute (the agent passes them as the lowest-precedence substituteFrom).
   */
  const fluxKustomizationFile = async (): Promise<string> => {
    const vars = { cluster_id: clusterId, cluster_label_env: 'dev', cluster_name: 'edge', greeting: 'hello' };
    const file = path.join(home, 'ks.yaml');
    await writeFile(
      file,
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flotilla-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n' +
        '  targetNamespace: default\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n  postBuild:\n    substitute:\n' +
        Object.entries(vars).map(([k, v]) => `      ${k}: "${v}"\n`).join(''),
    );
    return file;
  };

  beforeAll(async () => {
    home = await makeTempDir('cli-build-ks');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'cli-build', nodes: 0 })]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    const session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createApiToken } = await session.gql<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'cli-build', role: 'OPERATOR' } },
    );
    env = { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: createApiToken.token };
    const registration = await createRegistrationToken(session, 'edge', { env: 'dev' });
    await createRegistrationToken(session, 'other', { env: 'prod' });
    agent = startAgent({
      command: registration.agentCommand,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(home, 'credential.json'),
      logDir: home,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(home, 'agent-cache')],
    });
    // The agent decrypts with the age key in the Kustomization's namespace, as kustomize-controller does.
    const keyFile = path.join(home, 'sops-age.yaml');
    await writeFile(keyFile, await sopsAgeSecretManifests());
    await kubectl('apply', '-f', keyFile);
    await git.createRepo('fleet');
    sha = await git.pushFiles('fleet', { 'apps/cm.yaml': CONFIG_MAP, 'apps/secret.yaml': await sops('encrypted/partial-regex.yaml') });
    const fleet =
      `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\n  namespace: flotilla-system\nspec:\n  interval: 10m\n  url: ${git.baseUrl}/fleet.git\n  ref:\n    branch: main\n---\n` +
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flotilla-system\n  annotations:\n    placement.flotilla.dev/clusters: edge\n' +
      'spec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  targetNamespace: default\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n' +
      '  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n  postBuild:\n    substitute:\n      greeting: hello\n';
    const imported = await runFlotilla(['import', '-f', '-'], { home, env, stdin: fleet });
    expect(imported.code, imported.stderr).toBe(0);
    const clusters = JSON.parse((await cli(['get', 'clusters', '-o', 'json'])).stdout) as { items: { id: string; name: string }[] };
    clusterId = clusters.items.find((c) => c.name === 'edge')!.id;
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('prints the objects the agent applied for the same revision: cluster variables, postBuild.substitute, targetNamespace, owner labels', async () => {
    const applied = await cli(['reconcile', 'ks', 'apps', '--with-source', '--timeout', '5m']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`applied revision main@sha1:${sha} on edge`);
    const r = await cli(['build', 'ks', 'apps', '--cluster', 'edge']);
    expect(r.code, r.stderr).toBe(0);
    const live = JSON.parse(await kubectl('get', 'configmap', 'demo', '-n', 'default', '-o', 'json')) as Obj;
    expect(live.data).toEqual({ greeting: 'hello', cluster: 'edge', env: 'dev' });
    const owner = { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flotilla-system' };
    expect(live.metadata.labels).toEqual(owner);
    const [first, second, ...more] = r.stdout.split(/^---\n/m);
    expect(more).toEqual(['']);
    expect(first).toBe(
      'apiVersion: v1\ndata:\n  cluster: edge\n  env: dev\n  greeting: hello\nkind: ConfigMap\nmetadata:\n  labels:\n' +
        '    kustomize.toolkit.fluxcd.io/name: apps\n    kustomize.toolkit.fluxcd.io/namespace: flotilla-system\n  name: demo\n  namespace: default\n',
    );
    // The agent applied the Secret decrypted; the build has no key and masks it as flux build does.
    const liveSecret = JSON.parse(await kubectl('get', 'secret', 'partial', '-n', 'default', '-o', 'json')) as Obj;
    expect(Buffer.from(liveSecret.data!.api!, 'base64').toString()).toBe(SECRET_PLAINTEXT);
    expect(second).toMatch(/^apiVersion: v1\ndata:\n {2}token: KipTT1BTKio=\nkind: Secret\n/);
    expect(second).toContain("\n  name: partial\n  namespace: default\nstringData:\n  api: '**SOPS**'\ntype: Opaque\n");
    expect(r.stdout).not.toContain(SECRET_PLAINTEXT);
    expect(r.stdout).not.toContain('sops:');
    expect(r.stdout).not.toContain(Buffer.from('secret-token').toString('base64'));
  }, 420_000);

  it('--path: a local directory in place of the source, byte for byte what flux build ks --dry-run prints for the same spec', async () => {
    const dir = path.join(home, 'local', 'apps');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'cm.yaml'), CONFIG_MAP.replace('"${greeting}"', '"${greeting} from a local change"'));
    await writeFile(path.join(dir, 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: "1"\n');
    await writeFile(path.join(dir, 'secret.yaml'), await sops('encrypted/partial-regex.yaml'));
    const ours = await cli(['build', 'kustomization', 'apps', '--cluster', 'edge', '--path', dir]);
    expect(ours.code, ours.stderr).toBe(0);
    const ksFile = await fluxKustomizationFile();
    const flux = await runFlux(['build', 'ks', 'apps', '--path', dir, '--kustomization-file', ksFile, '--dry-run', '-n', 'flotilla-system'], { kubeconfig: cluster.kubeconfigPath });
    expect(flux.exitCode, flux.stderr).toBe(0);
    expect(ours.stdout).toBe(flux.stdout);
    expect(ours.stdout).toContain('greeting: hello from a local change');
    expect(ours.stdout).not.toContain(SECRET_PLAINTEXT);
  }, 120_000);

  it('--recursive with --local-sources: the nested Kustomizations built from local directories, byte for byte what flux build ks --dry-run --recursive prints', async () => {
    const root = path.join(home, 'recursive', 'fleet');
    const other = path.join(home, 'recursive', 'other');
    const nestedKs = (name: string, p: string, ref: string, target: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flotilla-system\nspec:\n  interval: 5m\n  path: ${p}\n  prune: true\n` +
      `  targetNamespace: ${target}\n  sourceRef:\n    kind: GitRepository\n${ref}`;
    for (const d of ['apps', 'infra']) await mkdir(path.join(root, d), { recursive: true });
    await mkdir(path.join(other, 'deep'), { recursive: true });
    await writeFile(path.join(root, 'apps', 'cm.yaml'), CONFIG_MAP);
    // Its sourceRef names the namespace; the parent's targetNamespace moves this Kustomization to 'default'.
    await writeFile(path.join(root, 'apps', 'infra.yaml'), nestedKs('infra', './infra', '    name: fleet\n    namespace: flotilla-system\n', 'infra'));
    await writeFile(path.join(root, 'infra', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\ndata:\n  level: "1"\n');
    // No sourceRef namespace: the Kustomization's own ('infra', from its parent's targetNamespace).
    await writeFile(path.join(root, 'infra', 'deep.yaml'), nestedKs('deep', './deep', '    name: other\n', 'deep'));
    await writeFile(path.join(other, 'deep', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  level: "2"\n');
    const sources = `GitRepository/flotilla-system/fleet=${root},GitRepository/infra/other=${other}`;
    const ours = await cli(['build', 'ks', 'apps', '--cluster', 'edge', '--path', path.join(root, 'apps'), '--recursive', '--local-sources', sources]);
    expect(ours.code, ours.stderr).toBe(0);
    const ksFile = await fluxKustomizationFile();
    const fluxArgs = ['build', 'ks', 'apps', '--path', path.join(root, 'apps'), '--kustomization-file', ksFile, '--dry-run', '-n', 'flotilla-system', '--recursive'];
    const flux = await runFlux([...fluxArgs, '--local-sources', sources], { kubeconfig: cluster.kubeconfigPath });
    expect(flux.exitCode, flux.stderr).toBe(0);
    expect(ours.stdout).toBe(flux.stdout);
    const names = [...ours.stdout.matchAll(/^ {2}name: (\S+)$/gm)].map((m) => m[1]);
    expect(names).toEqual(['demo', 'infra', 'infra', 'deep', 'deep']);
    expect(ours.stdout).toContain('    kustomize.toolkit.fluxcd.io/name: deep\n    kustomize.toolkit.fluxcd.io/namespace: infra\n  name: deep\n  namespace: deep\n');

    // A nested sourceRef with no local directory fails as flux's does, exit 1.
    const missing = await cli(['build', 'ks', 'apps', '--cluster', 'edge', '--path', path.join(root, 'apps'), '-r', '--local-sources', `GitRepository/flotilla-system/fleet=${root}`]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('✗ cannot get local path for GitRepository/infra/other of kustomization deep\n');
    const fluxMissing = await runFlux([...fluxArgs, '--local-sources', `GitRepository/flotilla-system/fleet=${root}`], { kubeconfig: cluster.kubeconfigPath });
    expect(fluxMissing.exitCode).toBe(1);
    expect(fluxMissing.stderr).toContain('cannot get local path for GitRepository/infra/other of kustomization deep');
    const badFlag = await cli(['build', 'ks', 'apps', '--cluster', 'edge', '-r', '--local-sources', 'fleet=./x']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toBe("✗ --local-sources: 'fleet' must name a source as Kind/namespace/name (e.g. GitRepository/flux-system/fleet)\n");
  }, 120_000);

  it('bad input: unknown cluster or Kustomization exit 4, not placed on the cluster exits 1 saying so, --cluster required (2), --help', async () => {
    const noCluster = await cli(['build', 'ks', 'apps', '--cluster', 'nope']);
    expect(noCluster.code).toBe(4);
    expect(noCluster.stderr).toBe("✗ cluster 'nope' not found\n");
    const noKs = await cli(['build', 'ks', 'nope', '--cluster', 'edge']);
    expect(noKs.code).toBe(4);
    expect(noKs.stderr).toBe("✗ Kustomization 'nope' not found in 'flotilla-system' namespace\n");
    const notPlaced = await cli(['build', 'ks', 'apps', '--cluster', 'other']);
    expect(notPlaced.code).toBe(1);
    expect(notPlaced.stderr).toBe("✗ Kustomization 'apps' in 'flotilla-system' namespace is not placed on cluster 'other' (its placement does not select it)\n");
    const missingFlag = await cli(['build', 'ks', 'apps']);
    expect(missingFlag.code).toBe(2);
    expect(missingFlag.stderr).toContain("required option '--cluster <name>' not specified");
    const badPath = await cli(['build', 'ks', 'apps', '--cluster', 'edge', '--path', path.join(home, 'missing')]);
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toContain('not a directory');
    const help = await cli(['build', 'kustomization', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--cluster <name>');
    expect(help.stdout).toContain('--path <dir>');
    const noToken = await runFlotilla(['build', 'ks', 'apps', '--cluster', 'edge'], { home: await makeTempDir('cli-build-nologin') });
    expect(noToken.code).toBe(2);
  }, 120_000);
});
