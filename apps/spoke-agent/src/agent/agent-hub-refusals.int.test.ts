import fs from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { HubFixture } from '../testing/hub-fixture.js';

// Bad input end to end: real hub process, real agent processes, real kube-apiserver + kwok.
describe('flotilla agent ↔ real hub: refusals', () => {
  const f = new HubFixture();
  beforeAll(() => f.start());
  afterEach(() => f.killAgents());
  afterAll(() => f.stop());

  const connected = (clusterId: string) => eventually(async () => expect((await f.state(clusterId)).connectionState).toBe('CONNECTED'), { timeoutMs: 30_000 });

  it('revoking in the hub drops the agent at once: exit 3 with CREDENTIAL_REVOKED; a restart is refused (exit 3); a new token for the cluster brings it back', async () => {
    const { token, clusterId } = await f.newToken({ clusterName: 'e2e-revoke' });
    const args = ['--hub', f.hub.url, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('revoke')];
    const a = f.agent([...args, '--token', token]);
    await connected(clusterId);
    const revoked = await f.hub.gql('mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { connectionState } }', { id: clusterId });
    expect(revoked.errors).toBeUndefined();
    expect(await a.exited).toBe(3);
    expect(a.logLines().at(-1)).toMatchObject({ level: 'error', exitCode: 3 });
    expect(a.logLines().at(-1)!.msg).toContain('CREDENTIAL_REVOKED');
    expect((await f.state(clusterId)).connectionState).toBe('REVOKED');

    const restart = f.agent(args);
    expect(await restart.exited).toBe(3);
    expect(restart.logLines().at(-1)!.msg).toContain('CREDENTIAL_REVOKED');

    // The way back: a new token for the same cluster; the agent sees a different token and registers again.
    const renewed = await f.newToken({ clusterId });
    expect(renewed.clusterId).toBe(clusterId);
    const back = f.agent([...args, '--token', renewed.token]);
    await connected(clusterId);
    expect(back.logLines().map((l) => l.msg)).toContain('a new registration token was given; registering again');
  });

  it('a used or wrong token → exit 2 with the hub saying which', async () => {
    const { token } = await f.newToken({ clusterName: 'e2e-used' });
    // Spend the token as another agent would (the agent's own registration is covered by the other tests).
    const spent = await fetch(`${f.hub.url}/api/agent/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(spent.status).toBe(200);
    const second = f.agent(['--hub', f.hub.url, '--token', token, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('used-2')]);
    expect(await second.exited).toBe(2);
    expect(second.logLines().at(-1)!.msg).toContain('REGISTRATION_TOKEN_USED');
    expect(second.stderr()).not.toContain(token);
    const wrong = f.agent(['--hub', f.hub.url, '--token', 'flr_not_a_real_token_123', '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('wrong')]);
    expect(await wrong.exited).toBe(2);
    expect(wrong.logLines().at(-1)!.msg).toContain('REGISTRATION_TOKEN_INVALID');
  });

  it('two agents with one credential: the hub keeps the newest and logs it; the older exits 5 and the cluster stays Connected', async () => {
    const { token, clusterId } = await f.newToken({ clusterName: 'e2e-twins' });
    const older = f.agent(['--hub', f.hub.url, '--token', token, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('twins')]);
    await connected(clusterId);
    await fs.copyFile(f.stateFile('twins'), f.stateFile('twins-copy'));
    const newer = f.agent(['--hub', f.hub.url, '--kubeconfig', f.cluster.kubeconfigPath, '--state-file', f.stateFile('twins-copy')]);
    expect(await older.exited).toBe(5);
    expect(older.logLines().at(-1)!.msg).toContain('another agent connected');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await f.state(clusterId)).connectionState).toBe('CONNECTED');
    expect(newer.child.exitCode).toBeNull();
    expect(f.hub.logs()).toContain('agent connection superseded');
  });
});
