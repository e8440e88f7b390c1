import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
  startCluster,
  startGitServer,
  startHelmRepository,
  startPostgres,
  type ManagedProcess,
  type TestCluster,
  type TestGitServer,
  type TestHelmRepository,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';

// The fleet CLI driving a real cluster: the hub (`pnpm start`, real Postgres), a real git server, a real
// kube-apiserver with the real agent and a real Helm chart repository. `reconcile kustomization --with-source`
// must wait until the agent acted on the request and report the revision it applied, as `flux reconcile ks
// --with-source` does; the HelmRelease the Kustomization applies is listed, drawn in its tree and traced.
const run = promisify(execFile);
const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n',
  'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-tiny\ndata:\n  a: b\n',
};
const helmObjects = (repoUrl: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\n  namespace: default\nspec:\n  url: ${repoUrl}\n  interval: 10m\n---\n` +
  'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 10m\n  chart:\n    spec:\n' +
  '      chart: tiny\n      version: 0.1.0\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n';
const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\ndata:\n  value: "${value}"\n`;

describe('flotilla CLI with a real cluster and agent', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let charts: TestHelmRepository;
  let hub: RunningHub;
  let agent: ManagedProcess;
  let home = '';
  let env: Record<string, string> = {};
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home, env });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();

  beforeAll(async () => {
    home = await makeTempDir('cli-cluster');
    [pg, git, cluster, charts] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'cli-edge', nodes: 0 }), startHelmRepository()]);
    const chartDir = path.join(home, 'tiny');
    await mkdir(path.join(chartDir, 'templates'), { recursive: true });
    for (const [file, text] of Object.entries(CHART)) await writeFile(path.join(chartDir, file), text);
    await charts.publishChart(chartDir);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    const session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createApiToken } = await session.gql<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'cli-cluster', role: 'OPERATOR' } },
    );
    env = { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: createApiToken.token };
    const registration = await createRegistrationToken(session, 'edge', { env: 'dev' });
    agent = startAgent({
      command: registration.agentCommand,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(home, 'credential.json'),
      logDir: home,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(home, 'agent-cache'), '--helm', await binaryPath('helm')],
    });
    await git.createRepo('fleet');
    await git.pushFiles('fleet', { 'apps/cm.yaml': configMap('one'), 'apps/helm.yaml': helmObjects(charts.url) });
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop(), charts?.stop()]);
  });

  it('create source and kustomization, then reconcile --with-source waits for the agent and reports the applied revision', async () => {
    expect((await cli(['create', 'source', 'git', 'fleet', '--url', `${git.baseUrl}/fleet.git`, '--branch', 'main', '--interval', '10m'])).code).toBe(0);
    expect((await cli(['create', 'ks', 'apps', '--source', 'fleet', '--path', './apps', '--prune', '--interval', '10m', '--clusters', 'edge'])).code).toBe(0);
    const sha = await git.pushFiles('fleet', { 'apps/cm.yaml': configMap('two') });
    const r = await cli(['reconcile', 'ks', 'apps', '--with-source', '--timeout', '3m']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`✔ applied revision main@sha1:${sha} on edge`);
    expect(await kubectl('get', 'configmap', 'demo', '-n', 'default', '-o', 'jsonpath={.data.value}')).toBe('two');
    const get = await cli(['get', 'ks', 'apps']);
    const revision = `main@sha1:${sha}`;
    expect(get.stdout).toBe(
      `NAME\tCLUSTER\tREVISION${' '.repeat(revision.length - 8)}\tSUSPENDED\tREADY\tMESSAGE\napps\tedge   \t${revision}\tFalse    \tTrue \tApplied revision: ${revision}\n`,
    );
  }, 240_000);

  it('events --for the Kustomization lists what the agent reported, with CLUSTER and flux event types', async () => {
    const r = await cli(['events', '--for', 'Kustomization/apps']);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toMatch(/^LAST SEEN\tCLUSTER\tTYPE\s*\tREASON\s*\tOBJECT\s*\tMESSAGE$/);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => /^\d+[smhd]\s*\tedge\s*\t(Normal|Warning)\s*\t\S+\s*\tKustomization\/apps\s*\t/.test(row))).toBe(true);
  });

  it('a suspended Kustomization is not reconciled (exit 1); after resume it is', async () => {
    expect((await cli(['suspend', 'ks', 'apps'])).code).toBe(0);
    const refused = await cli(['reconcile', 'ks', 'apps']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("resume Kustomization 'apps'");
    expect((await cli(['resume', 'ks', 'apps'])).code).toBe(0);
    const r = await cli(['reconcile', 'ks', 'apps', '--cluster', 'edge', '--timeout', '3m']);
    expect(r.code, r.stderr).toBe(0);
  }, 240_000);

  /** Runs the command until its output satisfies `ok`, within a deadline generous for a loaded machine. */
  const cliUntil = async (
    args: string[],
    ok: (r: CliRun) => boolean,
    timeoutMs = 180_000,
  ): Promise<CliRun> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await cli(args);
      if (ok(r)) return r;
      if (Date.now() > deadline)
        throw new Error(`flotilla ${args.join(' ')} did not get there: ${r.code}\n${r.stdout}${r.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };

  it('get helmreleases lists the HelmRelease the cluster runs, with CLUSTER, as flux get hr does', async () => {
    const r = await cliUntil(
      ['get', 'hr', '-n', 'default'],
      (x) => x.code === 0 && /\tTrue\s*\t/.test(x.stdout),
    );
    expect(r.stdout).toBe(
      'NAME\tCLUSTER\tREVISION\tSUSPENDED\tREADY\tMESSAGE\n' +
        'web \tedge   \t0.1.0   \tFalse    \tTrue \tHelm install succeeded for release default/web.v1 with chart tiny@0.1.0\n',
    );
    const all = await cli(['get', 'helmreleases', '-A', '--cluster', 'edge', '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect(
      (
        JSON.parse(all.stdout) as {
          items: { namespace: string; name: string; clusterName: string; origin: string }[];
        }
      ).items,
    ).toEqual([
      expect.objectContaining({ namespace: 'default', name: 'web', clusterName: 'edge', origin: 'CLUSTER' }),
    ]);
    const none = await cli(['get', 'hr']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe("no HelmRelease objects found in 'flotilla-system' namespace\n");
    const missing = await cli(['get', 'hr', 'nope', '-n', 'default']);
    expect(missing.code).toBe(4);
  }, 240_000);

  it('tree kustomization draws the inventory the agent reported, with the health of each Flux object and the objects of a HelmRelease’s release under it (flux tree)', async () => {
    const r = await cliUntil(
      ['tree', 'ks', 'apps', '--cluster', 'edge'],
      (x) => x.code === 0 && x.stdout.includes('HelmRelease/default/web (Ready=True') && x.stdout.includes('web-tiny'),
    );
    // Under the HelmRelease, the objects of its current release (read from helm's storage, as flux tree does).
    expect(r.stdout).toBe(
      [
        'Kustomization/flotilla-system/apps (Ready=True, ReconciliationSucceeded)',
        '├── ConfigMap/default/demo',
        '├── HelmRelease/default/web (Ready=True, InstallSucceeded)',
        '│   └── ConfigMap/default/web-tiny',
        '└── HelmRepository/default/charts (Ready=True, Succeeded)',
        '',
      ].join('\n'),
    );
    const noCluster = await cli(['tree', 'ks', 'apps']);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toContain("required option '--cluster <name>' not specified");
    const missing = await cli(['tree', 'ks', 'nope', '--cluster', 'edge']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe(
      "✗ Kustomization object 'nope' not found in 'flotilla-system' namespace on cluster 'edge'\n",
    );
  }, 240_000);

  it('trace names the Flux object, cluster, hub Kustomization and source that manage an object (flux trace)', async () => {
    const r = await cli(['trace', 'ConfigMap/demo', '-n', 'default', '--cluster', 'edge']);
    expect(r.code, r.stderr).toBe(0);
    const revision = (await cli(['get', 'sources', 'git', 'fleet', '-o', 'json'])).stdout.match(
      /main@sha1:[0-9a-f]{40}/,
    )![0];
    expect(r.stdout).toBe(
      [
        'Object:        ConfigMap/demo',
        'Namespace:     default',
        'Cluster:       edge',
        'Status:        Managed by Flux',
        '---',
        'Kustomization: apps',
        'Namespace:     flotilla-system',
        'Origin:        hub',
        `Revision:      ${revision}`,
        'Status:        Ready=True (ReconciliationSucceeded)',
        `Message:       Applied revision: ${revision}`,
        '---',
        'Placed by:     hub Kustomization flotilla-system/apps',
        'Placement:     clusters edge',
        '---',
        'GitRepository: fleet',
        'Namespace:     flotilla-system',
        `URL:           ${git.baseUrl}/fleet.git`,
        `Revision:      ${revision}`,
        'Status:        Ready=True',
        `Message:       stored artifact for revision '${revision}'`,
        '',
      ].join('\n'),
    );
    const helm = await cli(['trace', 'helmrelease/web', '-n', 'default']);
    expect(helm.code, helm.stderr).toBe(0);
    expect(helm.stdout).toMatch(/^Object: {8}HelmRelease\/web\nNamespace: {5}default\nCluster: {7}edge\n/);
    const missing = await cli(['trace', 'ConfigMap/demo', '-n', 'kube-system']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe(
      "✗ ConfigMap/demo in 'kube-system' namespace is not in any inventory the agents reported\n",
    );
    const bad = await cli(['trace', 'demo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"demo" is not <kind>/<name>');
  }, 240_000);
});
