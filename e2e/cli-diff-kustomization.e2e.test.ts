import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
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
import { createRegistrationToken, loginAsAdmin, type HubSession } from './support/hub-session.js';

// `flotilla diff kustomization NAME --cluster C` against a real hub, git server, kube-apiserver and agent: the
// CLI builds as `build kustomization` does, the cluster's agent dry-runs the objects (server-side apply, its own
// field manager) and the report is flux's: `► Kind/ns/name created|drifted|deleted`, dyff's field changes,
// Secrets masked, exit 0 without differences and 1 with some.
const run = promisify(execFile);
const CM = (name: string, a: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "${a}"\n`;
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: first-secret-value\n';

describe('flotilla diff kustomization with a real hub, cluster and agent', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let agent: ManagedProcess;
  let admin: HubSession;
  let home = '';
  let env: Record<string, string> = {};
  // The first reconcile builds and applies on a loaded machine: give each command more than the default 2 minutes.
  const cli = (args: string[], e: Record<string, string> = env): Promise<CliRun> => runFlotilla(args, { home, env: e, timeoutMs: 360_000 });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();

  beforeAll(async () => {
    home = await makeTempDir('cli-diff-ks');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'cli-diff', nodes: 0 })]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createApiToken } = await admin.gql<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'cli-diff', role: 'OPERATOR' } },
    );
    env = { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: createApiToken.token };
    const registration = await createRegistrationToken(admin, 'edge', { env: 'dev' });
    await createRegistrationToken(admin, 'offline', { env: 'prod' });
    agent = startAgent({
      command: registration.agentCommand,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(home, 'credential.json'),
      logDir: home,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(home, 'agent-cache')],
    });
    await git.createRepo('fleet');
    await git.pushFiles('fleet', { 'apps/x.yaml': CM('x', '1'), 'apps/old.yaml': CM('old', '1'), 'apps/secret.yaml': SECRET });
    const ks = (name: string, clusters: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flotilla-system\n  annotations:\n    placement.flotilla.dev/clusters: ${clusters}\n` +
      'spec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  targetNamespace: default\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n';
    const fleet =
      `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\n  namespace: flotilla-system\nspec:\n  interval: 10m\n  url: ${git.baseUrl}/fleet.git\n  ref:\n    branch: main\n---\n` +
      `${ks('apps', 'edge')}---\n${ks('lonely', 'offline')}`;
    const imported = await runFlotilla(['import', '-f', '-'], { home, env, stdin: fleet });
    expect(imported.code, imported.stderr).toBe(0);
    // The agent's first connection and apply share two loaded cores with the control plane: wait generously. The
    // agent may not have connected yet when the request is made: the hub sends it when it does.
    const applied = await runFlotilla(['reconcile', 'ks', 'apps', '--with-source', '--timeout', '6m'], { home, env, timeoutMs: 420_000 });
    expect(applied.code, applied.stderr).toBe(0);
  }, 900_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('no change: prints nothing and exits 0 (flux diff: 0 when no differences were found)', async () => {
    const r = await cli(['diff', 'ks', 'apps', '--cluster', 'edge']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  }, 180_000);

  it('drift by another field manager: ► ConfigMap/default/x drifted with the field, a drifted Secret masked before/after; exit 1 (flux golden diff-with-drifted-service, diff-with-drifted-secret)', async () => {
    await kubectl('patch', 'configmap', 'x', '-n', 'default', '--type', 'merge', '-p', '{"data":{"a":"2"}}', '--field-manager', 'intruder');
    await kubectl('patch', 'secret', 'creds', '-n', 'default', '--type', 'merge', '-p', '{"stringData":{"password":"second-secret-value"}}', '--field-manager', 'intruder');
    const r = await cli(['diff', 'kustomization', 'apps', '--cluster', 'edge']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('✗ identified at least one change, exiting with non-zero exit code\n');
    expect(r.stdout).toBe(
      '► ConfigMap/default/x drifted\n\ndata.a\n± value change\n- 2\n+ 1\n\n' +
        '► Secret/default/creds drifted\n\ndata.password\n± value change\n- *** (before)\n+ *** (after)\n\n',
    );
    for (const secret of ['first-secret-value', 'second-secret-value']) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stdout).not.toContain(Buffer.from(secret).toString('base64'));
    }
  }, 180_000);

  it('--path with a new file and one removed: ► created and, with prune, ► deleted from the inventory', async () => {
    const dir = path.join(home, 'local', 'apps');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'x.yaml'), CM('x', '2'));
    await writeFile(path.join(dir, 'secret.yaml'), SECRET.replace('first-secret-value', 'second-secret-value'));
    await writeFile(path.join(dir, 'fresh.yaml'), CM('fresh', '1'));
    const r = await cli(['diff', 'ks', 'apps', '--cluster', 'edge', '--path', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('► ConfigMap/default/fresh created\n► ConfigMap/default/old deleted\n');
  }, 180_000);

  it('a build over 1 MiB goes to the hub in parts whose answers make one report; one object over a request exits 8 sending nothing', async () => {
    const dir = path.join(home, 'local-large', 'apps');
    await mkdir(dir, { recursive: true });
    // The live state after the drift above, so only the large objects and the dropped one differ.
    await writeFile(path.join(dir, 'x.yaml'), CM('x', '2'));
    await writeFile(path.join(dir, 'secret.yaml'), SECRET.replace('first-secret-value', 'second-secret-value'));
    for (const i of [0, 1, 2]) await writeFile(path.join(dir, `big-${i}.yaml`), CM(`big-${i}`, String(i).repeat(450_000)));
    const r = await cli(['diff', 'ks', 'apps', '--cluster', 'edge', '--path', dir]);
    expect(r.code, r.stderr).toBe(1);
    // old is in the inventory and in no part: every part's answer names it, the report once, after the parts.
    expect(r.stdout).toBe('► ConfigMap/default/big-0 created\n► ConfigMap/default/big-1 created\n► ConfigMap/default/big-2 created\n► ConfigMap/default/old deleted\n');

    await writeFile(path.join(dir, 'big-0.yaml'), CM('big-0', '0'.repeat(1_100_000)));
    const tooLarge = await cli(['diff', 'ks', 'apps', '--cluster', 'edge', '--path', dir]);
    expect(tooLarge.code).toBe(8);
    expect(tooLarge.stdout).toBe('');
    expect(tooLarge.stderr).toMatch(/^✗ ConfigMap\/default\/big-0 is \d+ bytes as JSON, more than one request to the hub carries \(1 MiB\); nothing was sent\n$/);
  }, 240_000);

  it('--recursive with --local-sources: a nested Kustomization that exists in the cluster is diffed with its own inventory (flux: 📁 Kustomization/ns/name changed, then its report); no change exits 0; a missing local source exits 8', async () => {
    const inner = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: inner\nspec:\n  interval: 10m\n  path: ./inner\n  prune: true\n  targetNamespace: default\n  sourceRef:\n    kind: GitRepository\n    name: inner-src\n';
    const innerSource = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: inner-src\nspec:\n  interval: 10m\n  url: ${git.baseUrl}/fleet.git\n  ref:\n    branch: main\n`;
    await git.pushFiles('fleet', { 'stack/inner.yaml': inner, 'stack/source.yaml': innerSource, 'inner/in.yaml': CM('in', '1'), 'inner/gone.yaml': CM('gone', '1') });
    const stack =
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: stack\n  namespace: flotilla-system\n  annotations:\n    placement.flotilla.dev/clusters: edge\n' +
      'spec:\n  interval: 10m\n  path: ./stack\n  prune: true\n  targetNamespace: default\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n';
    const imported = await runFlotilla(['import', '-f', '-'], { home, env, stdin: stack });
    expect(imported.code, imported.stderr).toBe(0);
    const applied = await runFlotilla(['reconcile', 'ks', 'stack', '--with-source', '--timeout', '6m'], { home, env, timeoutMs: 420_000 });
    expect(applied.code, applied.stderr).toBe(0);
    // The nested Kustomization is the cluster's own: the agent clones inner-src and applies ./inner itself.
    // Until then, what the poll shows is the nested Kustomization's Ready message, so a failure says why.
    const nestedState = async () =>
      (await kubectl('get', 'configmap', 'gone', '-n', 'default', '-o', 'jsonpath={.data.a}').catch(() => '')) ||
      (await kubectl('get', 'kustomizations.kustomize.toolkit.fluxcd.io', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}: {.status.conditions[?(@.type=="Ready")].message}; {end}').catch((e: Error) => e.message));
    await expect.poll(nestedState, { timeout: 240_000, interval: 2_000 }).toBe('1');

    const local = path.join(home, 'recursive', 'fleet');
    await mkdir(path.join(local, 'inner'), { recursive: true });
    await writeFile(path.join(local, 'inner', 'in.yaml'), CM('in', '1'));
    await writeFile(path.join(local, 'inner', 'gone.yaml'), CM('gone', '1'));
    const sources = `GitRepository/default/inner-src=${local}`;
    const same = await cli(['diff', 'ks', 'stack', '--cluster', 'edge', '--recursive', '--local-sources', sources]);
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');

    await writeFile(path.join(local, 'inner', 'in.yaml'), CM('in', '2'));
    await rm(path.join(local, 'inner', 'gone.yaml'));
    const changed = await cli(['diff', 'ks', 'stack', '--cluster', 'edge', '-r', '--local-sources', sources]);
    expect(changed.code, changed.stderr).toBe(1);
    expect(changed.stdout).toBe('📁 Kustomization/default/inner changed\n► ConfigMap/default/in drifted\n\ndata.a\n± value change\n- 1\n+ 2\n\n► ConfigMap/default/gone deleted\n');
    // Without --recursive the nested Kustomization is one unchanged object of stack.
    const flat = await cli(['diff', 'ks', 'stack', '--cluster', 'edge']);
    expect(flat.code, flat.stderr).toBe(0);

    const missing = await cli(['diff', 'ks', 'stack', '--cluster', 'edge', '--recursive']);
    expect(missing.code).toBe(8);
    expect(missing.stderr).toBe('✗ cannot get local path for GitRepository/default/inner-src of kustomization inner\n');

    // The hub answers a diff for a Kustomization only that cluster has, to a viewer of its namespace there.
    const post = (name: string, token: string) =>
      fetch(`${hub.url}/api/clusters/edge/kustomizations/default/${name}/diff`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ objects: [] }) });
    expect((await post('inner', env.FLOTILLA_TOKEN!)).status).toBe(200);
    const unknown = await post('nowhere', env.FLOTILLA_TOKEN!);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Kustomization 'nowhere' not found in 'default' namespace");
  }, 900_000);

  it('errors: missing --cluster 2, unknown cluster 4, not placed 8, agent not connected 7, a viewer outside the namespace 4', async () => {
    const missing = await cli(['diff', 'ks', 'apps']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--cluster <name>' not specified");
    const noCluster = await cli(['diff', 'ks', 'apps', '--cluster', 'nope']);
    expect(noCluster.code).toBe(4);
    expect(noCluster.stderr).toBe("✗ cluster 'nope' not found\n");
    const notPlaced = await cli(['diff', 'ks', 'apps', '--cluster', 'offline']);
    expect(notPlaced.code).toBe(8);
    expect(notPlaced.stderr).toBe("✗ Kustomization 'apps' in 'flotilla-system' namespace is not placed on cluster 'offline' (its placement does not select it)\n");
    const offline = await cli(['diff', 'ks', 'lonely', '--cluster', 'offline']);
    expect(offline.code).toBe(7);
    expect(offline.stderr).toContain('the agent of this cluster is not connected');
    const { createUser } = await admin.gql<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
      i: { username: 'outsider', password: 'outsider-password-123' },
    });
    const team = await admin.gql<{ createTeam: { id: string } }>('mutation { createTeam(name: "elsewhere") { id } }');
    await admin.gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: team.createTeam.id, u: createUser.user.id });
    await admin.gql('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: team.createTeam.id, role: 'VIEWER', namespaces: ['elsewhere'] } });
    const outsider = await loginAsAdmin(hub.url, 'outsider-password-123', 'outsider');
    const { createApiToken } = await outsider.gql<{ createApiToken: { token: string } }>('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', { input: { name: 'outsider' } });
    const scoped = await cli(['diff', 'ks', 'apps', '--cluster', 'edge'], { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: createApiToken.token });
    expect(scoped.code).toBe(4);
    expect(scoped.stderr).toBe("✗ Kustomization 'apps' not found in 'flotilla-system' namespace\n");
    // Nor a Kustomization only the cluster has, outside the viewer's namespaces.
    const nested = await fetch(`${hub.url}/api/clusters/edge/kustomizations/default/inner/diff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${createApiToken.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ objects: [] }),
    });
    expect(nested.status).toBe(404);
  }, 180_000);
});
