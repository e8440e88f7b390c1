import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { renderAgentManifests } from '@flotilla/protocol/agent-manifests';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CREDENTIAL_SECRET_NAME } from '../credentials/secret-credential-store.js';
import { spawnAgent, type AgentProcess } from '../testing/agent-process.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';

// The agent as a real process, against a real kube-apiserver (kwok nodes) with the RBAC of deploy/agent, and a
// stand-in hub that follows contract-issue3.md until branch `hub` lands (see stand-in-hub.ts).
const TOKEN = 'flr_processtest_9f8e7d6c5b4a';

describe('flotilla agent (process)', () => {
  let cluster: TestCluster;
  let agentKubeconfig: string;
  let dir: string;
  const running: AgentProcess[] = [];
  const hubs: StandInHub[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
    // Install deploy/agent's objects, minus the Deployment (no container runtime here) and minus the
    // cluster-admin reconciler binding: registration and heartbeats must work with the minimal RBAC alone.
    const objects = parseAllDocuments(renderAgentManifests({ hubUrl: 'http://127.0.0.1:1', token: TOKEN, image: 'flotilla/agent:0.1.0' }))
      .map((d) => d.toJS() as KubernetesObject)
      .filter((o) => o.kind !== 'Deployment' && o.metadata?.name !== 'flotilla-agent-reconciler');
    const api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
    for (const object of objects) await api.create(object);
    agentKubeconfig = await cluster.kubeconfigForToken(await cluster.mintServiceAccountToken('flotilla-system', 'flotilla-agent'));
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flotilla-agent-proc-'));
  });
  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
    for (const h of hubs.splice(0)) await h.stop();
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function hub(): Promise<StandInHub> {
    const h = await startStandInHub({ tokens: { [TOKEN]: 'valid', flr_expired_000000: 'expired', flr_used_0000000: 'used' }, heartbeatIntervalMs: 200 });
    hubs.push(h);
    return h;
  }
  function agent(args: string[], env: NodeJS.ProcessEnv = {}): AgentProcess {
    const p = spawnAgent(args, env);
    running.push(p);
    return p;
  }

  it('registers with the ServiceAccount RBAC, stores the credential in its Secret, reports version and nodes; SIGTERM → exit 0; restart reuses the Secret; revoke → exit 3', async () => {
    const h = await hub();
    const args = ['--hub', h.url, '--kubeconfig', agentKubeconfig, '--state', 'secret', '--namespace', 'flotilla-system'];
    // The token comes from the environment, as the Deployment passes it from its Secret.
    const first = agent(args, { FLOTILLA_REGISTRATION_TOKEN: TOKEN });
    await eventually(() => expect(h.received.filter((m) => m.type === 'heartbeat').length).toBeGreaterThanOrEqual(2), { timeoutMs: 30_000 });
    expect(h.hellos()[0]).toMatchObject({ agentVersion: '0.1.0', kubernetesVersion: 'v1.35.4', nodeCount: 2, protocolVersion: 1 });
    const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    const secret = await core.readNamespacedSecret({ name: CREDENTIAL_SECRET_NAME, namespace: 'flotilla-system' });
    const credential = Buffer.from(secret.data!.credential!, 'base64').toString();
    expect(credential).toMatch(/^flc_/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(0), { timeoutMs: 2000 });
    const firstLog = first.logLines();
    expect(firstLog.map((l) => l.msg)).toEqual(expect.arrayContaining(['registered; credential stored', 'connected to hub', 'shutting down', 'agent stopped']));
    for (const line of firstLog) expect(Object.keys(line).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    expect(first.stderr()).not.toContain(TOKEN);
    expect(first.stderr()).not.toContain(credential);

    const second = agent(args, { FLOTILLA_REGISTRATION_TOKEN: TOKEN });
    await eventually(() => expect(h.hellos()).toHaveLength(2), { timeoutMs: 30_000 });
    expect(h.registrations).toBe(1);
    h.revoke('cluster-1');
    expect(await second.exited).toBe(3);
    const last = second.logLines().at(-1)!;
    expect(last).toMatchObject({ level: 'error', exitCode: 3 });
    expect(last.msg).toContain('CREDENTIAL_REVOKED');
    expect(second.stderr()).not.toContain(credential);
  });

  it.each([
    ['flr_wrong_00000000', 'REGISTRATION_TOKEN_INVALID'],
    ['flr_expired_000000', 'REGISTRATION_TOKEN_EXPIRED'],
    ['flr_used_0000000', 'REGISTRATION_TOKEN_USED'],
  ])('token %s → exit 2 and a JSON error line naming %s', async (token, code) => {
    const h = await hub();
    const p = agent(['--hub', h.url, '--token', token, '--kubeconfig', cluster.kubeconfigPath, '--state-file', path.join(dir, `${code}.json`)]);
    expect(await p.exited).toBe(2);
    const last = p.logLines().at(-1)!;
    expect(last).toMatchObject({ level: 'error', exitCode: 2 });
    expect(last.msg).toContain(code);
    expect(p.stderr()).not.toContain(token);
  });

  it('bad flags → exit 64 with a plain message, before touching anything', async () => {
    const p = agent(['--hub', 'http://127.0.0.1:1', '--log-level', 'chatty']);
    expect(await p.exited).toBe(64);
    expect(p.stderr()).toContain('--log-level must be debug, info, warn or error');
  });

  it('--help prints usage and exits 0', async () => {
    const p = agent(['--help']);
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain('usage: pnpm --silent flotilla agent --hub URL');
  });
});
