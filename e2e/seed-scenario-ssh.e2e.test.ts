import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
  runFlux,
  startCluster,
  startGitServer,
  startGitSshServer,
  startPostgres,
  type ManagedProcess,
  type TestCluster,
  type TestGitServer,
  type TestGitSshServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin, type HubSession } from './support/hub-session.js';
import { APP_FILE, gotkSync, nginx, SYNC_FILE } from './support/seed-repo.js';

// The seed scenario with the ssh:// URL `flux bootstrap` writes: gotk-sync.yaml applied with kubectl and the
// Secret bootstrap leaves (identity, identity.pub, known_hosts), fetched by the real agent over ssh from
// OpenSSH's sshd. Then a Flux object deleted while neither the hub nor the agent ran: the agent's complete
// snapshot after it reconnects makes the hub forget it.
const run = promisify(execFile);
const REPO = 'flux-over-ssh';
const INTERVAL = '5s';

/** A source applied by hand, outside git: the object to delete while nothing listens. */
const stray = (url: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: stray
  namespace: flux-system
spec:
  interval: 1m
  url: ${url}
  secretRef:
    name: flux-system
  ref:
    branch: main
`;

describe('the seed scenario over ssh://, and an object deleted while the hub and the agent were down (real hub, agent, sshd, flux CLI)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let sshd: TestGitSshServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let agent: ManagedProcess | undefined;
  let workDir: string;
  let kubectl = '';
  let databaseUrl = '';
  let agentCommand = '';
  let session: HubSession;
  let clusterId = '';
  let sha = '';

  const k = async (...args: string[]) => (await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => session.gql<T>(query, variables);
  const login = async () => {
    session = await loginAsAdmin(hub.url, hub.adminPassword);
  };
  const hubObjects = async () => {
    const { fluxObjects } = await gql<{ fluxObjects: { edges: Array<{ node: { kind: string; name: string; origin: string; ready: string } }> } }>(
      'query($filter: FluxObjectFilter) { fluxObjects(filter: $filter, first: 50) { edges { node { kind name origin ready } } } }',
      { filter: { clusterId } },
    );
    return fluxObjects.edges.map((e) => `${e.node.kind}/${e.node.name} ${e.node.origin}`).sort();
  };
  const launchAgent = (withToken: boolean) =>
    startAgent({ command: agentCommand, kubeconfigPath: cluster.kubeconfigPath, stateFile: path.join(workDir, 'credential.json'), logDir: workDir, withToken, extraArgs: ['--cache-dir', path.join(workDir, 'cache')] });

  beforeAll(async () => {
    workDir = await makeTempDir('e2e-seed-ssh');
    kubectl = await binaryPath('kubectl');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'e2e-seed-ssh', nodes: 1 })]);
    sshd = await startGitSshServer(git);
    await git.createRepo(REPO);
    sha = await git.pushFiles(REPO, { [SYNC_FILE]: gotkSync(sshd.urlOf(REPO), INTERVAL), [APP_FILE]: nginx(2) }, { message: 'bootstrap my-cluster' });
    await fs.writeFile(path.join(workDir, 'gotk-sync.yaml'), gotkSync(sshd.urlOf(REPO), INTERVAL));
    await fs.writeFile(path.join(workDir, 'stray.yaml'), stray(sshd.urlOf(REPO)));
    // What flux bootstrap leaves in the Secret: the deploy key, its public half and the scanned host key.
    await fs.writeFile(path.join(workDir, 'identity'), sshd.clientKey.identity, { mode: 0o600 });
    await fs.writeFile(path.join(workDir, 'identity.pub'), sshd.clientKey.identityPub);
    await fs.writeFile(path.join(workDir, 'known_hosts'), sshd.knownHosts);
    databaseUrl = await pg.createDatabase({ migrate: false });
    hub = await startHub({ databaseUrl, heartbeatTimeoutMs: 5000 });
    await login();
    const { createRegistrationToken: t } = await gql<{ createRegistrationToken: { agentCommand: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { agentCommand cluster { id } } }',
      { input: { clusterName: 'my-cluster', labels: [] } },
    );
    clusterId = t.cluster.id;
    agentCommand = t.agentCommand;
    agent = launchAgent(true);
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await sshd?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('kubectl apply -f gotk-sync.yaml with an ssh:// URL and the Secret flux bootstrap leaves: fetched over ssh, nginx Available with 2 replicas, flux get sources git shows it Ready at main@sha1:…', async () => {
    await expect.poll(async () => k('get', 'crd', 'gitrepositories.source.toolkit.fluxcd.io', '--ignore-not-found', '-o', 'name'), { timeout: 60_000, interval: 250 }).toContain('gitrepositories');
    const sessions = await sshd.sessions();
    const secret = await k('create', 'secret', 'generic', 'flux-system', '-n', 'flux-system', '--dry-run=client', '-o', 'yaml', ...['identity', 'identity.pub', 'known_hosts'].map((f) => `--from-file=${f}=${path.join(workDir, f)}`));
    await fs.writeFile(path.join(workDir, 'secret.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n---\n${secret}`, { mode: 0o600 });
    await k('apply', '-f', path.join(workDir, 'secret.yaml'));
    await expect.poll(async () => run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, 'apply', '-f', path.join(workDir, 'gotk-sync.yaml')]).then(() => 'ok', (e: Error) => e.message), { timeout: 30_000, interval: 250 }).toBe('ok');
    await expect
      .poll(async () => JSON.parse((await k('get', 'deployment', 'nginx-deployment', '-n', 'default', '--ignore-not-found', '-o', 'json')) || '{}') as { status?: { availableReplicas?: number } }, { timeout: 90_000, interval: 250 })
      .toMatchObject({ status: { availableReplicas: 2 } });
    expect(await sshd.sessions()).toBeGreaterThan(sessions);
    const short = `main@sha1:${sha.slice(0, 8)}`;
    await expect.poll(async () => (await runFlux(['get', 'sources', 'git', '-A'], { kubeconfig: cluster.kubeconfigPath, timeoutMs: 30_000 })).stdout, { timeout: 30_000, interval: 500 }).toMatch(
      new RegExp(`flux-system\\s+flux-system\\s+${short}\\s+False\\s+True\\s+stored artifact for revision '${short}'`),
    );
    await expect.poll(hubObjects, { timeout: 30_000, interval: 500 }).toEqual(['GitRepository/flux-system CLUSTER', 'Kustomization/flux-system CLUSTER']);
  }, 180_000);

  it('a GitRepository deleted while the hub and the agent were both down is gone at the hub once the agent reconnects (complete snapshot); the others stay', async () => {
    await k('apply', '-f', path.join(workDir, 'stray.yaml'));
    await expect.poll(hubObjects, { timeout: 30_000, interval: 500 }).toEqual(['GitRepository/flux-system CLUSTER', 'GitRepository/stray CLUSTER', 'Kustomization/flux-system CLUSTER']);

    const port = Number(new URL(hub.url).port);
    await hub.stop();
    await agent?.stop();
    // Nothing runs to finalize it: drop the finalizer as an admin would.
    await k('delete', 'gitrepositories.source.toolkit.fluxcd.io', 'stray', '-n', 'flux-system', '--wait=false');
    await k('patch', 'gitrepositories.source.toolkit.fluxcd.io', 'stray', '-n', 'flux-system', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    await expect.poll(async () => k('get', 'gitrepositories.source.toolkit.fluxcd.io', '-n', 'flux-system', '-o', 'name'), { timeout: 15_000, interval: 250 }).not.toContain('stray');

    // The agent starts while the hub is still down, then the hub comes back on its address.
    agent = launchAgent(false);
    await new Promise((r) => setTimeout(r, 3000));
    hub = await startHub({ databaseUrl, heartbeatTimeoutMs: 5000, port });
    await login();
    await expect.poll(hubObjects, { timeout: 60_000, interval: 500 }).toEqual(['GitRepository/flux-system CLUSTER', 'Kustomization/flux-system CLUSTER']);
  }, 180_000);
});
