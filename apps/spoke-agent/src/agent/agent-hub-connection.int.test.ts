import fs from 'node:fs/promises';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../connection/backoff.js';
import { CREDENTIAL_SECRET_NAME } from '../credentials/secret-credential-store.js';
import { eventually } from '../testing/eventually.js';
import { HEARTBEAT_TIMEOUT_MS, HubFixture } from '../testing/hub-fixture.js';

// The connection end to end without a browser: real hub process, real agent processes, real kube-apiserver + kwok.
describe('flotilla agent ↔ real hub: connection', () => {
  const f = new HubFixture();
  beforeAll(() => f.start());
  afterEach(() => f.killAgents());
  afterAll(() => f.stop());

  const connected = (clusterId: string) => eventually(async () => expect((await f.state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });

  it('the command the UI shows connects the cluster: Connected with version and nodes; SIGTERM → Disconnected at once; restart reuses the credential', async () => {
    const { token, clusterId, agentCommand } = await f.newToken({ clusterName: 'e2e-connect' });
    expect(agentCommand).toBe(`pnpm --silent flotilla agent --hub ${f.hub.url} --token ${token} --kubeconfig ~/.kube/config`);
    const args = agentCommand.split(' ').slice(4, 8); // --hub URL --token TOKEN, exactly as shown
    const a = f.agent([...args, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('connect')]);
    await eventually(
      async () => expect(await f.state(clusterId)).toEqual({ connectionState: 'CONNECTED', kubernetesVersion: 'v1.35.4', agentVersion: '0.1.0', nodeCount: 2 }),
      { timeoutMs: 30_000 },
    );
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    // The agent closes its socket, so the hub need not wait for the heartbeat timeout.
    await eventually(async () => expect((await f.state(clusterId)).connectionState).toBe('DISCONNECTED'), { timeoutMs: HEARTBEAT_TIMEOUT_MS - 500 });

    const again = f.agent(['--hub', f.hub.url, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('connect')]);
    await connected(clusterId);
    expect(again.logLines().map((l) => l.msg)).toContain('using the stored cluster credential');
    expect(again.stderr()).not.toContain(token);
    expect((await fs.stat(f.stateFile('connect'))).mode & 0o777).toBe(0o600);
  });

  it('a frozen agent (no heartbeats, socket open) goes Disconnected within the heartbeat timeout, then reconnects when it thaws', async () => {
    const { token, clusterId } = await f.newToken({ clusterName: 'e2e-frozen' });
    const a = f.agent(['--hub', f.hub.url, '--token', token, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('frozen')]);
    await connected(clusterId);
    a.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    await eventually(async () => expect((await f.state(clusterId)).connectionState).toBe('DISCONNECTED'), { timeoutMs: HEARTBEAT_TIMEOUT_MS + 5000 });
    expect(Date.now() - stoppedAt).toBeLessThan(HEARTBEAT_TIMEOUT_MS + 5000);
    a.child.kill('SIGCONT');
    await connected(clusterId);
  });

  it('in-cluster mode from the manifests the UI shows: ServiceAccount RBAC, token from the manifests\' Secret, credential in its own Secret, reused after restart', async () => {
    const { clusterId, agentManifests } = await f.newToken({ clusterName: 'e2e-secret' });
    const agentKubeconfig = await f.installAgentManifests(agentManifests);
    const core = f.cluster.kubeConfig.makeApiClient(CoreV1Api);
    // What the Deployment does: FLOTILLA_REGISTRATION_TOKEN from the Secret flotilla-agent-registration, --hub from args.
    const tokenSecret = await core.readNamespacedSecret({ name: 'flotilla-agent-registration', namespace: 'flotilla-system' });
    const token = Buffer.from(tokenSecret.data!.token!, 'base64').toString();
    expect(agentManifests).toContain(`args: ["--hub", "${f.hub.url}"]`);
    const args = ['--hub', f.hub.url, '--kubeconfig', agentKubeconfig, '--state', 'secret', '--namespace', 'flotilla-system'];
    const first = f.agent(args, { FLOTILLA_REGISTRATION_TOKEN: token });
    await eventually(
      async () => expect(await f.state(clusterId)).toEqual({ connectionState: 'CONNECTED', kubernetesVersion: 'v1.35.4', agentVersion: '0.1.0', nodeCount: 2 }),
      { timeoutMs: 30_000 },
    );
    const secret = await core.readNamespacedSecret({ name: CREDENTIAL_SECRET_NAME, namespace: 'flotilla-system' });
    const credential = Buffer.from(secret.data!.credential!, 'base64').toString();
    expect(credential).toMatch(/^flc_/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const lines = first.logLines();
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['registered; credential stored', 'connected to hub', 'shutting down', 'agent stopped']));
    for (const line of lines) expect(Object.keys(line).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    expect(first.stderr()).not.toContain(token);
    expect(first.stderr()).not.toContain(credential);

    // Same pod spec after a restart: the token in the environment is already used; the Secret is what counts.
    const second = f.agent(args, { FLOTILLA_REGISTRATION_TOKEN: token });
    await connected(clusterId);
    expect(second.logLines().map((l) => l.msg)).toContain('using the stored cluster credential');
  });

  it('reconnects with backoff after the hub restarts, with the same credential', async () => {
    const { token, clusterId } = await f.newToken({ clusterName: 'e2e-restart' });
    const a = f.agent(['--hub', f.hub.url, '--token', token, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('restart')]);
    await connected(clusterId);
    const port = await f.stopHub();
    const lost = () => a.logLines().filter((l) => l.msg === 'connection to the hub lost; reconnecting');
    await eventually(() => expect(lost().length).toBeGreaterThanOrEqual(2), { timeoutMs: 20_000 });
    await f.startHub(port);
    await eventually(async () => expect((await f.state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 60_000 });
    // Full jitter under a doubling ceiling (DEFAULT_BACKOFF).
    lost().forEach((l, i) => expect(l.retryInMs as number).toBeLessThan(Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** i)));
    expect(a.logLines().filter((l) => l.msg === 'registering with the hub')).toHaveLength(1);
    expect(a.child.exitCode).toBeNull();
  });
});
