import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, startPostgres, type TestCluster, type TestPostgres } from '@flotilla/testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnAgent, type AgentProcess } from '../testing/agent-process.js';
import { eventually } from '../testing/eventually.js';
import { startHubProcess, type HubProcess } from '../testing/hub-process.js';

// Issue 3 end to end without a browser: the real hub process (Postgres, GraphQL, /api/agent/register, /agent
// gateway), the real agent process, a real kube-apiserver with kwok nodes.
const HEARTBEAT_TIMEOUT_MS = 2000;

interface ClusterState {
  connectionState: string;
  kubernetesVersion: string | null;
  agentVersion: string | null;
  nodeCount: number | null;
}

describe('flotilla agent ↔ real hub', () => {
  let pg: TestPostgres;
  let cluster: TestCluster;
  let hub: HubProcess;
  let dir: string;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    [pg, cluster] = await Promise.all([startPostgres(), startCluster({ nodes: 2 })]);
    hub = await startHubProcess(await pg.createDatabase(), { FLOTILLA_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT_MS), FLOTILLA_HEARTBEAT_INTERVAL_MS: '300' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-hub-'));
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) {
      a.child.kill('SIGCONT');
      a.child.kill('SIGKILL');
      await a.exited;
    }
  });
  afterAll(async () => {
    await hub?.stop();
    await cluster?.stop();
    await pg?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function newToken(clusterName: string): Promise<{ token: string; clusterId: string; agentCommand: string }> {
    const r = await hub.gql<{ createRegistrationToken: { token: string; agentCommand: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token agentCommand cluster { id } } }',
      { input: { clusterName } },
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    const t = r.data.createRegistrationToken;
    return { token: t.token, clusterId: t.cluster.id, agentCommand: t.agentCommand };
  }
  async function state(clusterId: string): Promise<ClusterState> {
    const r = await hub.gql<{ cluster: ClusterState }>('query($id: ID!) { cluster(id: $id) { connectionState kubernetesVersion agentVersion nodeCount } }', { id: clusterId });
    return r.data!.cluster;
  }
  function agent(args: string[]): AgentProcess {
    const a = spawnAgent(args);
    agents.push(a);
    return a;
  }
  const stateFile = (name: string): string => path.join(dir, `${name}.json`);

  it('the command the UI shows connects the cluster: Connected with version and nodes; SIGTERM → Disconnected at once; restart reuses the credential', async () => {
    const { token, clusterId, agentCommand } = await newToken('e2e-connect');
    expect(agentCommand).toBe(`pnpm --silent flotilla agent --hub ${hub.url} --token ${token} --kubeconfig ~/.kube/config`);
    const args = agentCommand.split(' ').slice(4, 8); // --hub URL --token TOKEN, exactly as shown
    const a = agent([...args, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('connect')]);
    await eventually(async () => expect(await state(clusterId)).toEqual({ connectionState: 'CONNECTED', kubernetesVersion: 'v1.35.4', agentVersion: '0.1.0', nodeCount: 2 }), {
      timeoutMs: 30_000,
    });
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    // The agent closes its socket, so the hub need not wait for the heartbeat timeout.
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('DISCONNECTED'), { timeoutMs: HEARTBEAT_TIMEOUT_MS - 500 });

    const again = agent(['--hub', hub.url, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('connect')]);
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });
    expect(again.logLines().map((l) => l.msg)).toContain('using the stored cluster credential');
    expect(again.stderr()).not.toContain(token);
  });

  it('a frozen agent (no heartbeats, socket open) goes Disconnected within the heartbeat timeout, then reconnects when it thaws', async () => {
    const { token, clusterId } = await newToken('e2e-frozen');
    const a = agent(['--hub', hub.url, '--token', token, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('frozen')]);
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });
    a.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('DISCONNECTED'), { timeoutMs: HEARTBEAT_TIMEOUT_MS + 5000 });
    expect(Date.now() - stoppedAt).toBeLessThan(HEARTBEAT_TIMEOUT_MS + 5000);
    a.child.kill('SIGCONT');
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });
  });

  it('revoking in the hub drops the agent at once: exit 3 with CREDENTIAL_REVOKED; a restart is refused (exit 3)', async () => {
    const { token, clusterId } = await newToken('e2e-revoke');
    const args = ['--hub', hub.url, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('revoke')];
    const a = agent([...args, '--token', token]);
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });
    const revoked = await hub.gql<{ revokeClusterCredential: { connectionState: string } }>(
      'mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { connectionState } }',
      { id: clusterId },
    );
    expect(revoked.errors).toBeUndefined();
    expect(await a.exited).toBe(3);
    expect(a.logLines().at(-1)).toMatchObject({ level: 'error', exitCode: 3 });
    expect(a.logLines().at(-1)!.msg).toContain('CREDENTIAL_REVOKED');
    expect((await state(clusterId)).connectionState).toBe('REVOKED');

    const restart = agent(args);
    expect(await restart.exited).toBe(3);
    expect(restart.logLines().at(-1)!.msg).toContain('CREDENTIAL_REVOKED');
  });

  it('a used or wrong token → exit 2 with the hub saying which', async () => {
    const { token } = await newToken('e2e-used');
    const first = agent(['--hub', hub.url, '--token', token, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('used-1')]);
    await eventually(() => expect(first.logLines().map((l) => l.msg)).toContain('connected to hub'), { timeoutMs: 30_000 });
    const second = agent(['--hub', hub.url, '--token', token, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('used-2')]);
    expect(await second.exited).toBe(2);
    expect(second.logLines().at(-1)!.msg).toContain('REGISTRATION_TOKEN_USED');
    const wrong = agent(['--hub', hub.url, '--token', 'flr_not_a_real_token_123', '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('wrong')]);
    expect(await wrong.exited).toBe(2);
    expect(wrong.logLines().at(-1)!.msg).toContain('REGISTRATION_TOKEN_INVALID');
  });

  it('two agents with one credential: the hub keeps the newest; the older exits 5 and the cluster stays Connected', async () => {
    const { token, clusterId } = await newToken('e2e-twins');
    const older = agent(['--hub', hub.url, '--token', token, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('twins')]);
    await eventually(async () => expect((await state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });
    await fs.copyFile(stateFile('twins'), stateFile('twins-copy'));
    const newer = agent(['--hub', hub.url, '--kubeconfig', cluster.kubeconfigPath, '--state-file', stateFile('twins-copy')]);
    expect(await older.exited).toBe(5);
    expect(older.logLines().at(-1)!.msg).toContain('another agent connected');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await state(clusterId)).connectionState).toBe('CONNECTED');
    expect(newer.child.exitCode).toBeNull();
    expect(hub.logs()).toContain('agent connection superseded');
  });
});
