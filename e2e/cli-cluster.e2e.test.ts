import { execFile } from 'node:child_process';
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
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';

// The fleet CLI driving a real cluster: the hub (`pnpm start`, real Postgres), a real git server, a real
// kube-apiserver with the real agent. `reconcile kustomization --with-source` must wait until the agent acted on
// the request and report the revision it applied, as `flux reconcile ks --with-source` does.
const run = promisify(execFile);
const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\ndata:\n  value: "${value}"\n`;

describe('flotilla CLI with a real cluster and agent', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let agent: ManagedProcess;
  let home = '';
  let env: Record<string, string> = {};
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home, env });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();

  beforeAll(async () => {
    home = await makeTempDir('cli-cluster');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'cli-edge', nodes: 0 })]);
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
      extraArgs: ['--cache-dir', path.join(home, 'agent-cache')],
    });
    await git.createRepo('fleet');
    await git.pushFiles('fleet', { 'apps/cm.yaml': configMap('one') });
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
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
});
